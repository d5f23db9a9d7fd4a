package io.prodcat.function.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every function's error answers, as application/problem+json with a plain reason and a {@code correlationId} that
 * also stands in the log line: bad input 400 (never retried), missing credentials 401, a body over the limit 413, too many
 * requests from one client 429, a
 * dependency outage 503 (Knative retries it), a bug 500 (see {@link FailureClass}). A 503 tells the caller only what failed in general terms; host names,
 * URLs and driver messages go to the log, under the correlation id, not to the caller.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's generic problem-details handler (spring.mvc.problemdetails)
public class ProblemResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPEN_INFERENCE_PATHS = "/v2/";

    @ExceptionHandler(BadInput.class)
    ProblemDetail badInput(BadInput e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Optional<RequestBodyLimit.Exceeded> exceeded = RequestBodyLimit.Exceeded.among(e);
        if (exceeded.isPresent()) {
            return bodyRefused(exceeded.get());
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, PublicReason.unreadableBody(e), e));
    }

    /** Too large or too slow: answered, and the connection closed so that the rest of the body is never read. */
    @ExceptionHandler(RequestBodyLimit.Exceeded.class)
    ResponseEntity<ProblemDetail> bodyRefused(RequestBodyLimit.Exceeded e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem(e.status(), e.getMessage(), e));
    }

    @ExceptionHandler(Unauthorized.class)
    ProblemDetail unauthorized(Unauthorized e) {
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), e);
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), e));
    }

    @ExceptionHandler(DependencyUnavailable.class)
    ProblemDetail dependencyUnavailable(DependencyUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.publicReason(), e);
    }

    /**
     * What no handler above took, by its {@link FailureClass}: a bug is 500 with its stack trace in the log under the
     * correlation id. Spring's and Spring Security's own exceptions go on to their own handlers.
     */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unhandled(RuntimeException e) {
        if (e instanceof ErrorResponse || e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e;
        }
        return switch (FailureClass.of(e)) {
            case BAD_INPUT -> problem(HttpStatus.BAD_REQUEST, firstLine(e.getMessage()), e);
            case DEPENDENCY_DOWN -> dependencyUnavailable(new DependencyUnavailable(String.valueOf(e.getMessage()), e));
            case BUG -> {
                String correlationId = UUID.randomUUID().toString();
                LOG.error("[{}] answered 500: {}", correlationId, e.toString(), e);
                yield problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "an internal error; it is logged under this correlationId",
                        correlationId);
            }
        };
    }

    /**
     * A refusal's log line; a 429 only at debug level, as a client held back may be sent thousands of them a second
     * (they are counted in {@code http_server_requests} by status).
     */
    private static void logRefusal(String correlationId, HttpStatus status, String detail) {
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            LOG.debug("[{}] answered {}: {}", correlationId, status.value(), detail);
        } else {
            LOG.info("[{}] answered {}: {}", correlationId, status.value(), detail);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "bad input" : message.lines().findFirst().orElse("bad input");
    }

    private static ProblemDetail problem(HttpStatus status, String reason, Exception e) {
        String correlationId = UUID.randomUUID().toString();
        if (status.is5xxServerError()) {
            LOG.warn("[{}] answered {}: {}", correlationId, status.value(), e.getMessage(), e.getCause());
        } else {
            logRefusal(correlationId, status, e.getMessage());
        }
        return problem(status, reason, correlationId);
    }

    /**
     * The same answer written by a servlet filter, outside Spring MVC; {@code logDetail} goes to the log only. Paths of
     * the Open Inference Protocol ({@value #OPEN_INFERENCE_PATHS}…) answer in that protocol's format,
     * {@code {"error": reason}}, which its clients read.
     */
    static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String reason,
            String logDetail)
            throws IOException {
        String correlationId = UUID.randomUUID().toString();
        logRefusal(correlationId, status, logDetail);
        response.setStatus(status.value());
        if (request.getRequestURI().startsWith(OPEN_INFERENCE_PATHS)) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(JSON.writeValueAsBytes(Map.of("error", PublicReason.of(status, reason))));
            return;
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        ProblemDetail problem = problem(status, reason, correlationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("correlationId", correlationId);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    private static ProblemDetail problem(HttpStatus status, String reason, String correlationId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, PublicReason.of(status, reason));
        problem.setProperty("correlationId", correlationId);
        return problem;
    }
}
