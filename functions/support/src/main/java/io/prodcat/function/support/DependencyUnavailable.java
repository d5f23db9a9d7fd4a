package io.prodcat.function.support;

/**
 * S3, MLflow, the database, the event sink, or a model this function needs is not there now; answered 503 so the
 * caller (Knative's delivery) retries. Whatever was half done is safe to repeat. The message (with host names, URLs,
 * driver text) goes to the log; the caller sees only {@link #publicReason()}.
 */
public class DependencyUnavailable extends RuntimeException {

    private static final String GENERAL_REASON = "a service this function depends on is unavailable; retry later";

    private final String publicReason;

    public DependencyUnavailable(String message) {
        this(message, null);
    }

    public DependencyUnavailable(String message, Throwable cause) {
        this(GENERAL_REASON, message, cause);
    }

    /** @param publicReason what the caller is told, free of internal names */
    public DependencyUnavailable(String publicReason, String message, Throwable cause) {
        super(message, cause);
        this.publicReason = publicReason;
    }

    /** What the caller is told. */
    public String publicReason() {
        return publicReason;
    }
}
