package io.prodcat.engine.model;

/** The bytes are not a model file this version can read (wrong magic, newer format, corrupt or truncated). */
public class ModelFormatException extends RuntimeException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
