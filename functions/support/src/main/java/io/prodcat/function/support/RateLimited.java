package io.prodcat.function.support;

import java.time.Duration;

/** The caller sent more than it may in a period; answered 429 with {@code Retry-After}. */
public class RateLimited extends RuntimeException {

    private final Duration retryAfter;

    public RateLimited(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
