package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prodcat.testkit.S3Extension;
import io.prodcat.testkit.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PRODCAT_MODEL_URI names an object that does not exist: the function stays alive, not ready, says why in its log, and tells
 * callers only that no model is loaded (no bucket, key or host name in the answer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith({S3Extension.class, OutputCaptureExtension.class})
class PredictWithoutModelIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static S3Server s3;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void store(S3Server server) {
        s3 = server;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        s3.registerProperties(registry::add);
        registry.add("prodcat.model.uri", () -> "s3://models/never-written.prodcat");
    }

    @Test
    void answers503WithTheReasonAndIsAliveButNotReady(CapturedOutput log) throws Exception {
        // until the background load attempt has failed and said why
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> log.getAll().contains("no object at s3://models/never-written.prodcat"));
        HttpResponse<String> predict = predict();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(predict.statusCode()).isEqualTo(503);
        assertThat(predict.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(predict.body())
                .contains("no model loaded yet")
                .contains("correlationId")
                .doesNotContain("never-written");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> predict() throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"milk\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
