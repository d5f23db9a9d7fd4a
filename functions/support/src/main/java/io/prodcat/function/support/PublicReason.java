package io.prodcat.function.support;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatusCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * What an error answer may say: what is wrong with the request, in the API's words, and nothing of how the server is
 * built (no class, method, package or library names; those go to the log, under the answer's correlation id).
 */
public final class PublicReason {

    /**
     * Qualified class names ({@code java.lang.String}, {@code io.prodcat.predict.api.PredictRequest}; an event type such
     * as {@code io.prodcat.model.promoted}, all lower case, is the API's own word), the JDK's packages, exception class
     * names, stack frames, method signatures and the libraries a message may come from.
     */
    private static final Pattern INTERNAL = Pattern.compile(
            "\\b[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*|\\b(?:java|javax|jakarta|sun|jdk)\\.[a-z]+"
                    + "|\\b[A-Z]\\w*(?:Exception|Error)\\b|\\.java:\\d+|\\w+\\.\\w+\\([^)]*\\)"
                    + "|(?i:\\b(?:jackson|tomcat|catalina|hibernate|jdbi|hikari|netty)\\b)");

    private PublicReason() {}

    /** {@code reason}, unless it names something internal: then only what the status says. */
    public static String of(HttpStatusCode status, String reason) {
        if (reason == null || reason.isBlank() || INTERNAL.matcher(reason).find()) {
            return status.is5xxServerError()
                    ? "the server could not answer"
                    : "the request was refused (" + status.value() + ")";
        }
        return reason;
    }

    /** Why a request body could not be read, in terms of the JSON sent: where it is wrong, not which class failed. */
    public static String unreadableBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException malformed) {
                TokenStreamLocation at = malformed.getLocation();
                return at != null && at.getLineNr() > 0
                        ? "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                        : "malformed JSON";
            }
            if (cause instanceof JacksonException json) {
                String path = json.getPath().stream()
                        .map(step -> step.getPropertyName() != null
                                ? "." + step.getPropertyName()
                                : step.getIndex() >= 0 ? "[" + step.getIndex() + "]" : "")
                        .collect(Collectors.joining());
                return path.isEmpty()
                        ? "the body must be a JSON object with this endpoint's fields"
                        : "\"" + path.substring(path.startsWith(".") ? 1 : 0) + "\" has the wrong type or value";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String message = failure.getMessage();
        return message != null && message.startsWith("Required request body is missing")
                ? "a JSON object body is required"
                : "the body is not JSON this endpoint takes";
    }
}
