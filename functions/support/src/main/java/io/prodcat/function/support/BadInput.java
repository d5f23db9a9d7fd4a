package io.prodcat.function.support;

/** The request or event is not one this function can take; answered 400 and never retried. */
public class BadInput extends RuntimeException {

    public BadInput(String message) {
        super(message);
    }

    public BadInput(String message, Throwable cause) {
        super(message, cause);
    }
}
