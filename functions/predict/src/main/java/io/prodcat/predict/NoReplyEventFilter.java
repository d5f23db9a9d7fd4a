package io.prodcat.predict;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Predict consumes {@code model.promoted} and replies with no event. Spring Cloud Function answers a consumer's
 * 202 with the input's {@code ce-*} headers copied, which a Knative Broker takes for a reply event of the same
 * type — routed straight back to predict. This drops those headers from the answers of {@code POST /}.
 */
class NoReplyEventFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!isCloudEventHeader(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!isCloudEventHeader(name)) {
                    super.addHeader(name, value);
                }
            }
        });
    }

    private static boolean isCloudEventHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("ce-");
    }
}
