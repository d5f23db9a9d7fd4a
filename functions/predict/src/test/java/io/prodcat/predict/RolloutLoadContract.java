package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.predict.api.PredictController;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The champion and a challenger serving real traffic on real servers (MariaDB, S3; the registry in the ledger): 500
 * requests a second for 10 s, single texts from thousands of callers and batches, then what the responses and
 * {@code version_traffic} say. Version 2 (the challenger) files pet products under "animals", so the two versions'
 * answers can be told apart on every text that matters.
 */
abstract class RolloutLoadContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int RATE = 500;
    static final int SECONDS = 10;
    static final int CALLERS = 20_000;
    static final LinearClassifier CHAMPION = TestModels.trained(label -> label);
    static final LinearClassifier CHALLENGER = TestModels.trained(label -> label.equals("pets") ? "animals" : label);
    static final List<String> TITLES = SyntheticCatalog.products(30, 7).stream()
            .map(SyntheticCatalog.Product::title)
            .toList();

    static Jdbi jdbi;

    /** Version 1 champion, version 2 challenger. */
    static void servers(FunctionServers.Servers servers, String model) throws Exception {
        S3Server s3 = servers.s3();
        var dataSource = servers.dataSource();
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        MinioObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LedgerVersions.register(jdbi, store, model, CHAMPION, start, '1', model + "/v1.prodcat");
        LedgerVersions.register(jdbi, store, model, CHALLENGER, start.plusSeconds(60), '2', model + "/v2.prodcat");
        LedgerModelRegistry registry = new LedgerModelRegistry(jdbi);
        registry.setAlias(model, "champion", "1", new ModelRegistry.AliasChange("test", "the champion"));
        registry.setAlias(model, "challenger", "2", new ModelRegistry.AliasChange("test", "on trial"));
    }

    static void register(DynamicPropertyRegistry properties, String model, String mode) {
        properties.add("prodcat.model.name", () -> model);
        properties.add("prodcat.model.champion-poll", () -> "100ms");
        properties.add("prodcat.rollout.mode", () -> mode);
        properties.add("prodcat.rollout.canary-share", () -> "0.2");
        properties.add("prodcat.rollout.traffic-flush", () -> "200ms");
        // once in eight runs one request of 5,000 ended in a client-side IOException before any answer (its message
        // was not kept then; it is now, as clientError). The likely cause: the load client opens connections as it
        // needs them, and Tomcat's defaults close each after 100 requests and queue at most 100 waiting ones. Kept
        // alive as Knative's queue-proxy keeps them: these tests measure the rollout, not connection churn
        properties.add("server.tomcat.max-keep-alive-requests", () -> "-1");
        properties.add("server.tomcat.accept-count", () -> "1000");
    }

    /** One request sent and what came back. */
    record Exchange(String callerKey, List<String> texts, int status, JsonNode body) {

        String version() {
            return body.path("modelVersion").asString();
        }

        /** The labels of the answer, in text order. */
        List<String> labels() {
            if (texts.size() == 1) {
                return List.of(body.path("label").asString());
            }
            List<String> labels = new ArrayList<>();
            body.path("results")
                    .forEach(result -> labels.add(result.path("label").asString()));
            return labels;
        }
    }

    /** Waits until predict serves version 1 with version 2 beside it. */
    static void awaitChallenger(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> model = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/model"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (model.statusCode() == 200) {
                JsonNode description = JSON.readTree(model.body());
                if (description.path("version").asString().equals("1")
                        && description.path("challenger").asString("").equals("2")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("predict did not load champion 1 and challenger 2 within 30 s");
    }

    /**
     * {@value #RATE} requests a second for {@value #SECONDS} s, at a constant rate whatever the answers take: nine in
     * ten a single text from one of {@value #CALLERS} callers (header X-Caller-Key), one in ten a batch of five.
     */
    static List<Exchange> load(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Random random = new Random(11);
        List<CompletableFuture<Exchange>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        for (int i = 0; i < RATE * SECONDS; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String caller = "session-" + random.nextInt(CALLERS);
            List<String> texts = new ArrayList<>();
            int size = random.nextInt(10) == 0 ? 5 : 1;
            for (int t = 0; t < size; t++) {
                texts.add(TITLES.get(random.nextInt(TITLES.size())));
            }
            String body = size == 1
                    ? JSON.writeValueAsString(Map.of("text", texts.get(0)))
                    : JSON.writeValueAsString(Map.of("texts", texts));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .header("Content-Type", "application/json")
                    .header(PredictController.CALLER_KEY, caller)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            List<String> sent = Collections.unmodifiableList(texts);
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(answer -> new Exchange(
                            caller,
                            sent,
                            answer.statusCode(),
                            answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode()))
                    .exceptionally(failure -> new Exchange(
                            caller, sent, -1, JSON.createObjectNode().put("clientError", String.valueOf(failure)))));
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (CompletableFuture<Exchange> exchange : pending) {
            exchanges.add(exchange.get(60, TimeUnit.SECONDS));
        }
        return exchanges;
    }

    /** Every answer came from the model the response names: the labels are that version's, text by text. */
    static void assertEachAnswerIsTheNamedVersions(List<Exchange> exchanges) {
        for (Exchange exchange : exchanges) {
            LinearClassifier named = exchange.version().equals("2") ? CHALLENGER : CHAMPION;
            List<String> expected =
                    exchange.texts().stream().map(text -> best(named, text)).toList();
            assertThat(exchange.labels())
                    .as("answers of a request said to come from version " + exchange.version())
                    .isEqualTo(expected);
        }
    }

    static String best(LinearClassifier model, String text) {
        return model.top(model.probabilities(text), 1).get(0).label();
    }

    /** The counts predict's instance wrote to {@code version_traffic}, once they stop growing. */
    static VersionTrafficDao.Totals traffic(String version) throws InterruptedException {
        VersionTrafficDao dao = jdbi.onDemand(VersionTrafficDao.class);
        VersionTrafficDao.Totals last = null;
        for (int i = 0; i < 50; i++) {
            VersionTrafficDao.Totals now = dao.since(version, Instant.now().minus(Duration.ofHours(1)));
            if (now.equals(last)) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        return last;
    }
}
