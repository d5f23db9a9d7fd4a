package io.prodcat.predict.api;

import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.FailureClass;
import io.prodcat.function.support.PublicReason;
import io.prodcat.function.support.RateLimited;
import io.prodcat.function.support.RequestBodyLimit;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The Open Inference Protocol's error answers, {@code {"error": "…"}} as application/json, for its controller (a
 * controller's own handlers come before {@link io.prodcat.function.support.ProblemResponses}' problem+json): the same statuses
 * and the same discretion (a 503 or 500 says what failed in general terms, the details go to the log under a
 * correlation id).
 */
abstract class OpenInferenceErrors {

    private static final Logger LOG = LoggerFactory.getLogger(OpenInferenceErrors.class);

    /** The path names a model or version this function does not serve: 404. */
    static final class NotServed extends RuntimeException {
        NotServed(String message) {
            super(message);
        }
    }

    @ExceptionHandler(BadInput.class)
    ResponseEntity<Map<String, String>> badInput(BadInput e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), e);
    }

    @ExceptionHandler(NotServed.class)
    ResponseEntity<Map<String, String>> notServed(NotServed e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage(), e);
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<Map<String, String>> rateLimited(RateLimited e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(error(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e).getBody());
    }

    @ExceptionHandler(DependencyUnavailable.class)
    ResponseEntity<Map<String, String>> unavailable(DependencyUnavailable e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, e.publicReason(), e);
    }

    /**
     * The body could not be read: over the limit (413) or too slow (408), answered with the connection closed;
     * malformed JSON is the controller's own 400.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return RequestBodyLimit.Exceeded.among(e)
                .map(exceeded -> ResponseEntity.status(exceeded.status())
                        .header(HttpHeaders.CONNECTION, "close")
                        .body(error(exceeded.status(), exceeded.getMessage(), e).getBody()))
                .orElseGet(() -> error(HttpStatus.BAD_REQUEST, "unreadable inference request body", e));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, String>> other(RuntimeException e) {
        if (e instanceof ErrorResponse spring) {
            String detail = spring.getBody().getDetail();
            return error(spring.getStatusCode(), detail == null ? e.getMessage() : detail, e);
        }
        return switch (FailureClass.of(e)) {
            case BAD_INPUT ->
                error(
                        HttpStatus.BAD_REQUEST,
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                        e);
            case DEPENDENCY_DOWN -> error(HttpStatus.SERVICE_UNAVAILABLE, "a dependency is unavailable", e);
            case BUG -> error(HttpStatus.INTERNAL_SERVER_ERROR, "an internal error", e);
        };
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatusCode status, String reason, Exception e) {
        reason = PublicReason.of(status, reason);
        String correlationId = UUID.randomUUID().toString();
        if (status.is5xxServerError()) {
            LOG.warn("[{}] v2 answered {}: {}", correlationId, status.value(), e.toString(), e);
            reason = reason + " (logged under correlation id " + correlationId + ")";
        } else {
            LOG.info("[{}] v2 answered {}: {}", correlationId, status.value(), e.getMessage());
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", reason));
    }
}
