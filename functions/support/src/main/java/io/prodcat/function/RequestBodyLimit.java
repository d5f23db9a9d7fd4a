package io.prodcat.function;

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
 * The largest request body each entry point takes: CloudEvents at {@code POST /} (and the function's own path),
 * MinIO's webhook at {@code /minio},
 * and every other path (predict's API). A declared length over the limit is answered 413 before anything is read; a
 * body without a declared length is counted while it is read and stops with {@link PayloadTooLarge} (413) at the limit.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    /** The body was larger than the entry point takes; answered 413. */
    public static class PayloadTooLarge extends IOException {
        public PayloadTooLarge(long limit) {
            super("request body is larger than the limit of " + limit + " bytes for this endpoint");
        }

        /** The limit's refusal among the causes of a failed read, if it was that (a converter wraps it). */
        public static java.util.Optional<PayloadTooLarge> among(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof PayloadTooLarge tooLarge) {
                    return java.util.Optional.of(tooLarge);
                }
            }
            return java.util.Optional.empty();
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
        chain.doFilter(new CountedRequest(request, limit), response);
    }

    private static final class CountedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream counted;

        CountedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedStream(super.getInputStream(), limit);
            }
            return counted;
        }
    }

    private static final class CountedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = in.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLarge {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge(limit);
            }
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
