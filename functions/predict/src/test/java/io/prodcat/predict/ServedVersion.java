package io.prodcat.predict;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import tools.jackson.databind.json.JsonMapper;

/** The version a predict under test serves ({@code GET /model}), and waiting until it serves one. */
final class ServedVersion {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServedVersion() {}

    /** The served version; null while none is served. {@code apiKey} may be null ({@code GET /model} is open). */
    static String of(int port, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/model"));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> model = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return model.statusCode() == 200
                ? JSON.readTree(model.body()).path("version").asString()
                : null;
    }

    /** Waits up to a minute (the first load from S3 builds the object store's client: seconds on a busy machine). */
    static void await(int port, String apiKey, String version) {
        Awaitility.await("version " + version + " served")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> version.equals(of(port, apiKey)));
    }
}
