package io.prodcat.train;

/**
 * S3, MLflow or the database failed mid-way. The ledger row was left INTERRUPTED (when the database could
 * still be reached), so the redelivered event takes over; the HTTP answer is 503 so Knative retries.
 */
class DependencyFailure extends RuntimeException {

    DependencyFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
