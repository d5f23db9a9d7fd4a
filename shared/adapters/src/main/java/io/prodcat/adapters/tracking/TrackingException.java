package io.prodcat.adapters.tracking;

/** The tracking server or model registry failed or could not be reached; the work is safe to retry. */
public class TrackingException extends RuntimeException {

    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
