package io.prodcat.function.support;

/** The caller did not present the credentials this entry point requires; answered 401. */
public class Unauthorized extends RuntimeException {

    public Unauthorized(String message) {
        super(message);
    }
}
