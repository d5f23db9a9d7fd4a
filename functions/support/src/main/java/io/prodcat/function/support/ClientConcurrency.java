package io.prodcat.function.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How many requests one client may have in progress at once on the given paths, counted from when its headers are in
 * (before its body is read) until its answer is written; past it, 429 with {@code Retry-After} and the connection
 * closed, its body unread. A client is the authenticated caller; an anonymous one is its {@code X-Caller-Key}, else
 * its address, and all anonymous callers together are held to a bound of their own, as those names cost nothing to
 * change. Runs after authentication.
 */
public class ClientConcurrency extends OncePerRequestFilter {

    /** The header an anonymous caller names itself with (predict's canary split reads it too). */
    public static final String CALLER_KEY = "X-Caller-Key";

    private static final String RETRY_AFTER_SECONDS = "1";

    private final List<String> pathPrefixes;
    private final int perClient;
    private final Semaphore anonymous;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    /**
     * @param perClient     requests in progress at most per client
     * @param anonymousTotal requests in progress at most of all anonymous callers together
     */
    public ClientConcurrency(List<String> pathPrefixes, int perClient, int anonymousTotal) {
        if (perClient < 1 || anonymousTotal < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1, got " + perClient
                    + " per client and " + anonymousTotal + " for anonymous callers");
        }
        this.pathPrefixes = List.copyOf(pathPrefixes);
        this.perClient = perClient;
        this.anonymous = new Semaphore(anonymousTotal);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return pathPrefixes.stream().noneMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean isAnonymous = caller == null || caller instanceof AnonymousAuthenticationToken;
        String client = isAnonymous ? anonymousName(request) : "client:" + caller.getName();
        if (isAnonymous && !anonymous.tryAcquire()) {
            refuse(request, response, "too many requests from anonymous callers in progress");
            return;
        }
        try {
            if (!enter(client)) {
                refuse(request, response, "too many requests of this client in progress (at most " + perClient + ")");
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                inProgress.computeIfPresent(client, (name, count) -> count == 1 ? null : count - 1);
            }
        } finally {
            if (isAnonymous) {
                anonymous.release();
            }
        }
    }

    private boolean enter(String client) {
        boolean[] entered = {false};
        inProgress.compute(client, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perClient) {
                return count;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    private static String anonymousName(HttpServletRequest request) {
        String key = request.getHeader(CALLER_KEY);
        // the key's length is checked by the route; here a long one only names a client
        return key != null && !key.isEmpty()
                ? "caller:" + (key.length() > 200 ? key.substring(0, 200) : key)
                : "address:" + request.getRemoteAddr();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String reason)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        ProblemResponses.write(
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                reason,
                request.getMethod() + " " + request.getRequestURI() + ": " + reason);
    }
}
