package io.prodcat.predict;

/** No model is loaded yet; answered 503 with the reason. */
class NoModel extends RuntimeException {

    NoModel(String message) {
        super(message);
    }
}
