package io.prodcat.train;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Bad input is 400 (never retried), a dependency outage 503 (Knative retries it), a wrong webhook token 401,
 * each as application/problem+json with the reason.
 */
@RestControllerAdvice
class ErrorResponses {

    @ExceptionHandler(BadEvent.class)
    ProblemDetail badEvent(BadEvent e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MinioWebhookController.Unauthorized.class)
    ProblemDetail unauthorized(MinioWebhookController.Unauthorized e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(DependencyFailure.class)
    ProblemDetail dependencyFailure(DependencyFailure e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
