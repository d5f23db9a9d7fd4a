package io.prodcat.adapters.storage;

/** The named object does not exist: a caller's mistake or a stale reference, not an outage. */
public class ObjectNotFoundException extends RuntimeException {

    public ObjectNotFoundException(S3Location location) {
        super("no object at " + location);
    }
}
