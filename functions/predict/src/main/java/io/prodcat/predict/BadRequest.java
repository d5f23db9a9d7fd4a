package io.prodcat.predict;

/** The request is malformed; answered 400 application/problem+json with the reason. */
class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }
}
