package io.prodcat.engine.dataset;

/**
 * The dataset itself is unusable (malformed CSV, missing column, empty label, …). The message names the
 * row or column and what was expected. Retrying the same bytes cannot succeed.
 */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
