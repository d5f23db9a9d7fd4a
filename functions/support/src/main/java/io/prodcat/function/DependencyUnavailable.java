package io.prodcat.function;

/**
 * S3, MLflow, the database, the event sink, or a model this function needs is not there now; answered 503 so the
 * caller (Knative's delivery) retries. Whatever was half done is safe to repeat.
 */
public class DependencyUnavailable extends RuntimeException {

    public DependencyUnavailable(String message) {
        super(message);
    }

    public DependencyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
