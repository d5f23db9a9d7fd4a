package io.prodcat.function.support;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * A request refused (4xx/5xx) before its body was read does not have the rest of it waited for: what of it has
 * already arrived is read (so that a client that sent its request at once reads the answer rather than a reset), and
 * the connection is closed ({@link SaysSo} tells the client). Tomcat would otherwise read on, up to 2 MB,
 * holding a thread for as long as a client trickles it (one byte within each idle timeout). Answered 401 on
 * {@code POST /} or 429 on {@code /predict}, such a client costs nothing more than its answer.
 */
final class RefusedBodyNotRead extends ValveBase {

    /**
     * Says {@code Connection: close} on every 4xx/5xx answer to a request with a body, as the answer's status is set
     * (before it is written): a client must not send its next request on a connection that is then closed.
     */
    static final class SaysSo extends org.springframework.web.filter.OncePerRequestFilter {
        @Override
        protected void doFilterInternal(
                jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response,
                jakarta.servlet.FilterChain chain)
                throws ServletException, IOException {
            if (!hasBody(request)) {
                chain.doFilter(request, response);
                return;
            }
            chain.doFilter(request, new jakarta.servlet.http.HttpServletResponseWrapper(response) {
                @Override
                public void setStatus(int status) {
                    closingOn(status);
                    super.setStatus(status);
                }

                @Override
                public void sendError(int status) throws IOException {
                    closingOn(status);
                    super.sendError(status);
                }

                @Override
                public void sendError(int status, String message) throws IOException {
                    closingOn(status);
                    super.sendError(status, message);
                }

                private void closingOn(int status) {
                    if (status >= 400 && !isCommitted()) {
                        setHeader(org.springframework.http.HttpHeaders.CONNECTION, "close");
                    }
                }
            });
        }
    }

    static boolean hasBody(jakarta.servlet.http.HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** What is read at most of a refused body that has already arrived (Tomcat's own default for what it drains). */
    private static final int MAX_DRAINED = 2 * 1024 * 1024;

    RefusedBodyNotRead() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() >= 400 && hasBody(request) && !drainedWhatArrived(request)) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            // that marks the exchange as failed, for the connection to close; the answer itself is complete, so no
            // error page is to be rendered over it
            response.setErrorReported();
        }
    }

    /** Reads the body's bytes that are already here, without waiting for more; whether that was all of it. */
    private static boolean drainedWhatArrived(Request request) {
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long drained = 0;
            while (!in.isFinished() && in.available() > 0 && drained < MAX_DRAINED) {
                int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
                if (n < 0) {
                    break;
                }
                drained += n;
            }
            return in.isFinished();
        } catch (IOException | IllegalStateException unreadable) {
            return false; // read through a reader already, or the client went away: close
        }
    }
}
