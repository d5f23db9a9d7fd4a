package io.prodcat.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sends every route bodies it cannot take (empty, {@code null}, wrong types, malformed JSON, bytes that are no text)
 * and collects what the answers must not do: fail with a 5xx, or name how the server is built (a Java class, method or
 * package, a stack frame, a library). Its pattern is its own, not the one the functions filter answers with.
 */
public final class ErrorAnswerSweep {

    /** A route: method and path, and the headers its calls carry (credentials that let the body be read). */
    public record Route(String method, String path, Map<String, String> headers) {}

    private static final Pattern INTERNAL =
            Pattern.compile("\\b[a-z]\\w*(?:\\.[a-z]\\w*)+\\.[A-Z]\\w*|\\b(?:java|javax|jakarta|sun|jdk)\\.[a-z]+\\."
                    + "|\\w+(?:Exception|Error)\\b|\\.java:\\d+|\\w+\\.\\w+\\([^)]*\\)|\\bat \\w+\\."
                    + "|(?i:jackson|spring|tomcat|catalina|hibernate|jdbi|hikari|netty)");

    /** Bodies no route takes. */
    public static final List<byte[]> BAD_BODIES = List.of(
            new byte[0],
            "null".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            "42".getBytes(StandardCharsets.UTF_8),
            "\"text\"".getBytes(StandardCharsets.UTF_8),
            "{".getBytes(StandardCharsets.UTF_8),
            "{\"text\": 5, \"texts\": {}, \"label\": [], \"k\": \"many\"}".getBytes(StandardCharsets.UTF_8),
            "{\"texts\": [null, 7], \"k\": 1.5}".getBytes(StandardCharsets.UTF_8),
            "{\"version\": {}, \"reason\": 3, \"ids\": \"1\", \"Records\": 1, \"inputs\": 2}"
                    .getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '{'});

    private ErrorAnswerSweep() {}

    /**
     * The event routes at {@code paths}, each three ways: a binary CloudEvent of {@code type} with the sender's
     * {@code authorization}, the same credentials without CloudEvent headers, and no credentials at all.
     */
    public static List<Route> eventRoutes(List<String> paths, String authorization, String type) {
        Map<String, String> binaryEvent = Map.of(
                "Authorization",
                authorization,
                "ce-specversion",
                "1.0",
                "ce-id",
                java.util.UUID.randomUUID().toString(),
                "ce-source",
                "/prodcat/sweep",
                "ce-type",
                type);
        List<Route> routes = new ArrayList<>();
        for (String path : paths) {
            routes.add(new Route("POST", path, binaryEvent));
            routes.add(new Route("POST", path, Map.of("Authorization", authorization)));
            routes.add(new Route("POST", path, Map.of()));
        }
        return routes;
    }

    /** What went wrong, one line each; empty when every answer was a plain 4xx (or a 2xx). */
    public static List<String> problems(HttpClient http, URI base, List<Route> routes) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Route route : routes) {
            for (byte[] body : BAD_BODIES) {
                for (String contentType : List.of("application/json", "text/plain")) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(route.path()))
                            .header("Content-Type", contentType)
                            .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body));
                    route.headers().forEach(request::header);
                    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    String what = route.method() + " " + route.path() + " (" + contentType + ") with "
                            + new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?") + ": "
                            + answer.statusCode() + " " + answer.body();
                    if (answer.statusCode() >= 500) {
                        problems.add("a server error: " + what);
                    } else if (answer.statusCode() >= 400
                            && INTERNAL.matcher(answer.body()).find()) {
                        problems.add("names internals: " + what);
                    }
                }
            }
        }
        return problems;
    }

    /** Whether {@code text} names how the server is built (for checking the pattern itself). */
    public static boolean namesInternals(String text) {
        return INTERNAL.matcher(text).find();
    }
}
