package io.prodcat.function;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every function's error answers, as application/problem+json with the reason: bad input 400 (never retried), missing
 * credentials 401, a dependency outage 503 (Knative retries it).
 */
@RestControllerAdvice
public class ProblemResponses {

    @ExceptionHandler(BadInput.class)
    ProblemDetail badInput(BadInput e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String reason = cause.getMessage() == null
                ? "unreadable body"
                : cause.getMessage().lines().findFirst().orElse("");
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "malformed JSON body: " + reason);
    }

    @ExceptionHandler(Unauthorized.class)
    ProblemDetail unauthorized(Unauthorized e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(DependencyUnavailable.class)
    ProblemDetail dependencyUnavailable(DependencyUnavailable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
