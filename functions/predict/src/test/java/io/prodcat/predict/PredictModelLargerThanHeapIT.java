package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file larger than the function's heap: the function logs why, stays alive and answers 503 (the reason in
 * the log line with the answer's correlation id) instead of dying or saying nothing (the OutOfMemoryError used to
 * vanish inside the loader's Future; later, on a faster host, a real OutOfMemoryError during start-up failed the
 * context's own allocations, so a file known to be too large is now refused before it is read). The function runs in
 * a JVM of its own with a 64 MB heap: this test JVM's heap is larger than any file worth writing. The file is sparse
 * (a model header, then 120 MB of nothing), so it costs no disk.
 */
class PredictModelLargerThanHeapIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aModelThatDoesNotFitTheHeapIsLoggedAndAnswered503WhileTheFunctionStaysAlive() throws Exception {
        Path model = dir.resolve("larger-than-heap.prodcat");
        try (RandomAccessFile file = new RandomAccessFile(model.toFile(), "rw")) {
            file.write("PRODCATM".getBytes(StandardCharsets.US_ASCII));
            file.setLength(120L * 1024 * 1024); // under the 128 MB read limit: it is read, not refused by size
        }
        int port = freePort();
        Path log = dir.resolve("predict.log");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PredictApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("PRODCAT_MODEL_URI", model.toUri().toString());
        Process predict = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !predict.isAlive() || Files.readString(log).contains("Started PredictApplication"));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !predict.isAlive() || Files.readString(log).contains("does not fit the heap"));
            assertThat(predict.isAlive())
                    .as("the function is still running; its log:%n%s", Files.readString(log))
                    .isTrue();
            assertThat(Files.readString(log))
                    .contains("model load failed, keeping no model: the model does not fit the heap (");

            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"milk\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("no model loaded yet").doesNotContain("heap");
            String correlationId = answer.body().replaceAll(".*\"correlationId\":\"([^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(5)) // the caller is told no more; the log line with its id says why
                    .until(() -> Files.readString(log)
                            .contains("[" + correlationId + "] answered 503: no model loaded yet: the model does not"
                                    + " fit the heap"));
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
        } finally {
            predict.destroy();
            if (!predict.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                predict.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
