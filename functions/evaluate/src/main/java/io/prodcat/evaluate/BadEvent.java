package io.prodcat.evaluate;

/** The request is not an event this function can take; answered 400, never retried. */
class BadEvent extends RuntimeException {

    BadEvent(String message) {
        super(message);
    }
}
