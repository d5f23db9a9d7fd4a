package io.prodcat.evaluate;

/** S3, MLflow or the database failed; answered 503 so Knative retries (every step is safe to repeat). */
class DependencyFailure extends RuntimeException {

    DependencyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
