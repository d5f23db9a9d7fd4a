package io.prodcat.function.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Refusals by the filter chain, as problem+json like every other answer: 401 (no or bad credentials, with
 * {@code WWW-Authenticate: Bearer}), 403 (credentials without the role), and 503 when the credentials could not be
 * checked because the issuer's keys were unreachable (the Broker retries; a 401 would send the event to the dead
 * letter).
 */
final class SecurityAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            ProblemResponses.write(
                    request,
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "credentials cannot be checked now",
                    "credentials cannot be checked: " + e.getMessage());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ProblemResponses.write(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "missing or invalid credentials: send Authorization: Bearer <token>",
                request.getMethod() + " " + request.getRequestURI() + ": " + e.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        ProblemResponses.write(
                request,
                response,
                HttpStatus.FORBIDDEN,
                "these credentials do not allow " + request.getMethod() + " " + request.getRequestURI(),
                request.getMethod() + " " + request.getRequestURI() + " by " + request.getRemoteUser() + ": denied");
    }
}
