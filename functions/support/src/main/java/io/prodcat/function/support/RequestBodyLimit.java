package io.prodcat.function.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The largest request body each entry point takes, and how long its arrival may take: CloudEvents at {@code POST /}
 * (and the function's own path), MinIO's webhook at {@code /minio}, and every other path (predict's API). A declared
 * length over the limit is answered 413 before anything is read; a body without a declared length is counted while it
 * is read and stops with {@link PayloadTooLarge} (413) at the limit. A body still arriving when the deadline has
 * passed, or idle for longer than the server's idle timeout, stops with {@link BodyTooSlow} (408). Either answer
 * closes the connection, so nothing more of the body is read.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    /** The body broke one of the limits; its answer closes the connection. */
    public abstract static class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }

        public abstract HttpStatus status();

        /** The limit's refusal among the causes of a failed read, if it was that (a converter wraps it). */
        public static java.util.Optional<Exceeded> among(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof Exceeded exceeded) {
                    return java.util.Optional.of(exceeded);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The body was larger than the entry point takes; answered 413. */
    public static class PayloadTooLarge extends Exceeded {
        public PayloadTooLarge(long limit) {
            super("request body is larger than the limit of " + limit + " bytes for this endpoint");
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.PAYLOAD_TOO_LARGE;
        }
    }

    /** The body did not arrive in time; answered 408. */
    public static class BodyTooSlow extends Exceeded {
        BodyTooSlow(String message) {
            super(message);
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.REQUEST_TIMEOUT;
        }
    }

    private final InfrastructureProperties.Limits limits;
    private final String functionPath;

    /** @param functionName the function's name: Spring Cloud Function serves it at {@code /name} as well as {@code /} */
    public RequestBodyLimit(InfrastructureProperties.Limits limits, String functionName) {
        this.limits = limits;
        this.functionPath = "/" + functionName;
    }

    long limitFor(String path) {
        if ("/".equals(path) || functionPath.equals(path)) {
            return limits.eventBytes();
        }
        return "/minio".equals(path) ? limits.webhookBytes() : limits.requestBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            String reason = new PayloadTooLarge(limit).getMessage();
            ProblemResponses.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, reason, reason);
            return;
        }
        long deadline = System.nanoTime() + limits.bodyDeadline().toNanos();
        chain.doFilter(new CountedRequest(request, limit, deadline, limits.bodyDeadline()), response);
    }

    private static final class CountedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private final long deadline;
        private final java.time.Duration allowed;
        private ServletInputStream counted;

        CountedRequest(HttpServletRequest request, long limit, long deadline, java.time.Duration allowed) {
            super(request);
            this.limit = limit;
            this.deadline = deadline;
            this.allowed = allowed;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedStream(super.getInputStream(), limit, deadline, allowed);
            }
            return counted;
        }
    }

    private static final class CountedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final long deadline;
        private final java.time.Duration allowed;
        private long read;

        CountedStream(ServletInputStream in, long limit, long deadline, java.time.Duration allowed) {
            this.in = in;
            this.limit = limit;
            this.deadline = deadline;
            this.allowed = allowed;
        }

        @Override
        public int read() throws IOException {
            int next;
            try {
                next = in.read();
            } catch (IOException e) {
                throw idleOr(e);
            }
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw idleOr(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws Exceeded {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge(limit);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BodyTooSlow("request body still arriving after " + allowed.toSeconds() + " s");
            }
        }

        /** The server's idle timeout ran out between two reads: the client went quiet mid-body. */
        private static IOException idleOr(IOException failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.SocketTimeoutException) {
                    return new BodyTooSlow("request body stalled (no data within the idle timeout)");
                }
            }
            return failure;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
