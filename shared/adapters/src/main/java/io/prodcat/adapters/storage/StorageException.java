package io.prodcat.adapters.storage;

/**
 * The object store could not be reached or refused the operation. Callers treat it as a dependency
 * failure: the work that needed it is safe to retry later.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
