package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.function.support.TokenDigest;
import io.prodcat.predict.log.PredictionLog;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.SyntheticCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What predict tells Prometheus and what it keeps in {@code prediction_log}, after real requests against a real
 * MariaDB: the series move by what was asked, the log holds hashes (no texts unless allowed), and only the
 * scraper's token reads {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_monitoring")
class PredictMonitoringIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String METRICS_TOKEN = "scrape-" + UUID.randomUUID();
    private static final String FEEDBACK_KEY = "feedback-" + UUID.randomUUID();

    private static ServedFileModel served;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        served = ServedFileModel.create(servers, "v-monitored.prodcat");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        served.register(registry);
        registry.add("prodcat.metrics.token", () -> METRICS_TOKEN);
        registry.add("prodcat.prediction-log.flush-interval", () -> "50ms");
        registry.add("prodcat.access.api-keys", () -> "shop:feedback:" + TokenDigest.sha256Hex(FEEDBACK_KEY));
    }

    @Test
    void seriesMoveWithRequestsAndOnlyTheScraperReadsThem() throws Exception {
        waitForModel();
        String before = scrape();
        double dairyBefore = value(before, "prodcat_predictions_total", "label=\"dairy\"");
        double okBefore = value(before, "http_server_requests_seconds_count", "uri=\"/predict\"", "status=\"200\"");

        for (String title : SyntheticCatalog.products(5, 99).stream()
                .filter(row -> row.category().equals("dairy"))
                .map(SyntheticCatalog.Product::title)
                .limit(3)
                .toList()) {
            assertThat(call("POST", "/predict", null, "{\"text\": \"" + title + "\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(call("POST", "/predict", null, "{\"text\": 5}").statusCode()).isEqualTo(400);
        String feedback = "{\"text\": \"oat milk\", \"label\": \"dairy\", \"predictedLabel\": \"beverages\"}";
        assertThat(call("POST", "/feedback", "Bearer " + FEEDBACK_KEY, feedback).statusCode())
                .isEqualTo(201);

        String after = scrape();
        assertThat(value(
                        after, "prodcat_predictions_total", "label=\"dairy\"", "model_version=\"v-monitored.prodcat\""))
                .isEqualTo(dairyBefore + 3);
        assertThat(value(after, "http_server_requests_seconds_count", "uri=\"/predict\"", "status=\"200\""))
                .isEqualTo(okBefore + 3);
        assertThat(value(after, "http_server_requests_seconds_count", "uri=\"/predict\"", "status=\"400\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(
                        after,
                        "http_server_requests_seconds_bucket",
                        "uri=\"/predict\"",
                        "status=\"200\"",
                        "le=\"+Inf\""))
                .isGreaterThanOrEqualTo(okBefore + 3);
        assertThat(value(after, "prodcat_prediction_confidence_bucket", "le=\"1.0\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(after, "prodcat_model_served", "version=\"v-monitored.prodcat\""))
                .isEqualTo(1);
        assertThat(value(after, "prodcat_model_loads_seconds_count", "outcome=\"loaded\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "prodcat_feedback_total", "outcome=\"corrected\""))
                .isEqualTo(1);
        assertThat(after).contains("function=\"prodcat-predict\"");
        // no texts, no ids in any series
        assertThat(after).doesNotContain("oat milk");

        // the scraper's token and nothing else
        assertThat(call("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/actuator/prometheus", "Bearer wrong-" + METRICS_TOKEN, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/actuator/prometheus", "Bearer " + FEEDBACK_KEY, null)
                        .statusCode())
                .isEqualTo(403);
        // the scraper's token is no API credential
        assertThat(call("POST", "/feedback", "Bearer " + METRICS_TOKEN, feedback)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void answersAreLoggedWithHashesAndWithoutTexts() throws Exception {
        waitForModel();
        String title = "Prediction Log Probe " + UUID.randomUUID();
        assertThat(call("POST", "/predict", null, "{\"texts\": [\"" + title + "\", \"" + title + "\"]}")
                        .statusCode())
                .isEqualTo(200);
        String hash = PredictionLog.textHash(title);
        List<Map<String, Object>> rows = waitForRows(hash, 2);
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("model_version")).isEqualTo("v-monitored.prodcat");
            assertThat(row.get("text_length")).isEqualTo(title.length());
            assertThat(row.get("text")).isNull();
            assertThat((Double) row.get("probability")).isBetween(0.0, 1.0);
            assertThat(row.get("label")).isIn("beverages", "dairy", "pets", "snacks");
        });
        assertThat(hash).hasSize(16).isEqualTo(TokenDigest.sha256Hex(title).substring(0, 16));
    }

    private List<Map<String, Object>> waitForRows(String hash, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Map<String, Object>> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = served.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT * FROM prediction_log WHERE text_hash = :hash")
                            .bind("hash", hash)
                            .mapToMap()
                            .list());
            if (rows.size() >= count) {
                return rows;
            }
            Thread.sleep(50);
        }
        return rows;
    }

    private void waitForModel() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (call("GET", "/model", null, null).statusCode() != 200) {
            assertThat(System.nanoTime()).as("model loaded in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> answer = call("GET", "/actuator/prometheus", "Bearer " + METRICS_TOKEN, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** The value of the first series of {@code metric} whose labels contain all of {@code labels}; 0 when none. */
    static double value(String exposition, String metric, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$")
                .matcher(exposition);
        while (line.find()) {
            String found = line.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
