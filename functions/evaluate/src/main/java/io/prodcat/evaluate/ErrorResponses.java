package io.prodcat.evaluate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input is 400 (never retried), a dependency outage 503 (retried), as application/problem+json. */
@RestControllerAdvice
class ErrorResponses {

    @ExceptionHandler(BadEvent.class)
    ProblemDetail badEvent(BadEvent e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DependencyFailure.class)
    ProblemDetail dependencyFailure(DependencyFailure e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
