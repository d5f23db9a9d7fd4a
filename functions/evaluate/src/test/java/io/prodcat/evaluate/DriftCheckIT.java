package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.persistence.PredictionLogRow;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.events.EventType;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drift route end to end on real servers (MariaDB, S3; the registry in the ledger): a model is evaluated and
 * promoted (which stores its drift reference), its answers are logged as predict logs them, and the PingSource's
 * event in gives {@code drift_metrics} rows and, on drift, {@code io.prodcat.drift.detected} at K_SINK.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "evaluate_drift")
class DriftCheckIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "prodcat-drift";
    private static final String EVENT_TOKEN = "events-" + UUID.randomUUID();
    private static final String PING_SOURCE = "/apis/v1/namespaces/prodcat/pingsources/prodcat-drift-check";

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static ObjectStore store;
    private static TrainedModels models;
    private static RecordingHttpServer sink;
    private static String championVersion;
    private static LinearClassifier champion;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        jdbcUrl = servers.jdbcUrl();
        DataSource dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        models = new TrainedModels(store, jdbi, new UntrackedRuns());
        sink = RecordingHttpServer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.model.name", () -> MODEL);
        registry.add("prodcat.events.auth.mode", () -> "token");
        registry.add("prodcat.events.auth.token", () -> EVENT_TOKEN);
        registry.add("prodcat.events.sink", () -> sink.url());
        registry.add("prodcat.drift.min-predictions", () -> "200");
        registry.add("prodcat.drift.min-titles", () -> "100");
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    @BeforeEach
    void aPromotedChampionAndAnEmptyLog() throws Exception {
        if (championVersion == null) {
            TrainingCompleted done =
                    models.trained("drift-catalog", SyntheticCatalog.csv(300, 1), UnaryOperator.identity());
            HttpResponse<String> evaluated =
                    post("/", EventType.TRAINING_COMPLETED.type(), JSON.writeValueAsString(done), true);
            assertThat(evaluated.statusCode()).as(evaluated.body()).isEqualTo(200);
            JsonNode promoted = JSON.readTree(evaluated.body());
            assertThat(evaluated.headers().firstValue("ce-type"))
                    .as(evaluated.body())
                    .hasValue(EventType.MODEL_PROMOTED.type());
            championVersion = promoted.path("modelVersion").asString();
            try (InputStream in = store.open(S3Location.parse(done.weightsUri()))) {
                champion = ModelFile.read(in);
            }
            assertThat(store.exists(new S3Location(
                            "models", S3Location.parse(done.weightsUri()).key() + ".drift-reference.json")))
                    .as("evaluate stored the drift reference beside the weights")
                    .isTrue();
        }
        jdbi.useHandle(handle -> handle.execute("DELETE FROM prediction_log"));
        while (sink.pending() > 0) {
            sink.next();
        }
    }

    @Test
    void aShortWindowIsNotEnoughDataAndSendsNothing() throws Exception {
        logAnswers(SyntheticCatalog.products(5, 11).stream()
                .map(SyntheticCatalog.Product::title)
                .limit(20)
                .toList());

        JsonNode report = check(UUID.randomUUID().toString(), "");

        assertThat(report.path("verdict").asString()).isEqualTo("not_enough_data");
        assertThat(report.path("modelVersion").asString()).isEqualTo(championVersion);
        assertThat(verdicts(report.path("checkId").asString()))
                .containsOnly("not_enough_data")
                .hasSize(6);
        assertThat(report.path("tests").get(0).path("detail").asString())
                .contains("20 predictions in the window, 200 needed");
        Thread.sleep(200);
        assertThat(sink.pending()).isZero();
    }

    @Test
    void titlesOfTheSameCatalogueAreNoDrift() throws Exception {
        logAnswers(SyntheticCatalog.products(150, 23).stream()
                .map(SyntheticCatalog.Product::title)
                .toList());

        JsonNode report = check(UUID.randomUUID().toString(), "{\"window\": \"PT30M\"}");

        assertThat(report.path("verdict").asString()).as(report.toString()).isEqualTo("no_drift");
        assertThat(report.path("windowSize").asInt()).isEqualTo(600);
        assertThat(report.path("figures").path("domain_auc").asDouble()).isLessThan(0.75);
        assertThat(report.path("figures").path("psi").asDouble()).isLessThan(0.2);
        Thread.sleep(200);
        assertThat(sink.pending()).isZero();
    }

    @Test
    void offDomainTitlesAreDriftAnnouncedAtTheSinkOnceEvenWhenThePingIsRedelivered() throws Exception {
        logAnswers(SyntheticCatalog.offDomainTitles(400, 5));
        String pingId = UUID.randomUUID().toString();

        JsonNode report = check(pingId, "");

        assertThat(report.path("verdict").asString()).as(report.toString()).isEqualTo("drift");
        List<String> fired = new ArrayList<>();
        report.path("fired").forEach(test -> fired.add(test.asString()));
        assertThat(fired).contains("domain_auc", "ks_confidence");
        assertThat(report.path("figures").path("domain_auc").asDouble()).isGreaterThan(0.95);
        assertThat(report.path("separatingNgrams").toString())
                .containsAnyOf("bosch", "dewalt", "makita", "stanley", "hilti", "ryobi");
        RecordingHttpServer.Request sent = sink.next();
        assertThat(sent.header("ce-type")).isEqualTo("io.prodcat.drift.detected");
        assertThat(sent.header("ce-id")).isEqualTo(report.path("checkId").asString());
        JsonNode detected = JSON.readTree(sent.body());
        assertThat(detected.path("modelVersion").asString()).isEqualTo(championVersion);
        assertThat(detected.path("windowSize").asInt()).isEqualTo(400);
        assertThat(detected.path("fired").toString()).contains("domain_auc");

        long rows = count("SELECT COUNT(*) FROM drift_metrics");
        JsonNode again = check(pingId, "");
        assertThat(again.path("checkId").asString())
                .isEqualTo(report.path("checkId").asString());
        assertThat(again.path("figures")).isEqualTo(report.path("figures"));
        assertThat(count("SELECT COUNT(*) FROM drift_metrics")).isEqualTo(rows);
        assertThat(sink.next().header("ce-id"))
                .as("the same event again: the sink drops the duplicate")
                .isEqualTo(sent.header("ce-id"));
    }

    @Test
    void aCheckWithoutTheEventTokenOrOfAnotherTypeOrWindowIsRefusedAndWritesNothing() throws Exception {
        logAnswers(SyntheticCatalog.offDomainTitles(300, 9));
        long rows = count("SELECT COUNT(*) FROM drift_metrics");
        String ping = "";

        assertThat(send("/drift", EventType.PING, UUID.randomUUID().toString(), ping, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("/drift", EventType.PING, UUID.randomUUID().toString(), ping, "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(
                                "/drift",
                                EventType.TRAINING_COMPLETED.type(),
                                UUID.randomUUID().toString(),
                                ping,
                                "Bearer " + EVENT_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        for (String window :
                List.of("{\"window\": \"an hour\"}", "{\"window\": \"-PT1H\"}", "{\"window\": \"P400D\"}", "[1]")) {
            HttpResponse<String> answer = send(
                    "/drift",
                    EventType.DRIFT_CHECK.type(),
                    UUID.randomUUID().toString(),
                    window,
                    "Bearer " + EVENT_TOKEN);
            assertThat(answer.statusCode()).as(window + ": " + answer.body()).isEqualTo(400);
        }
        assertThat(count("SELECT COUNT(*) FROM drift_metrics")).isEqualTo(rows);
        Thread.sleep(200);
        assertThat(sink.pending()).isZero();
    }

    /** Logs the champion's answer to each title, as predict's prediction log does (with texts). */
    private static void logAnswers(List<String> titles) {
        Instant now = Instant.now();
        List<PredictionLogRow> rows = new ArrayList<>();
        for (String title : titles) {
            double[] probabilities = champion.probabilities(title);
            int best = 0;
            for (int c = 1; c < probabilities.length; c++) {
                best = probabilities[c] > probabilities[best] ? c : best;
            }
            rows.add(new PredictionLogRow(
                    now.minusSeconds(60),
                    championVersion,
                    champion.labels().get(best),
                    probabilities[best],
                    null,
                    null,
                    title.length(),
                    HexFormat.of().formatHex(TokenDigest.sha256(title), 0, 8),
                    title));
        }
        PredictionLogDao.insert(jdbi, rows);
    }

    private JsonNode check(String pingId, String data) throws Exception {
        HttpResponse<String> answer = send("/drift", EventType.PING, pingId, data, "Bearer " + EVENT_TOKEN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> verdicts(String checkId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT verdict FROM drift_metrics WHERE check_id = :id")
                .bind("id", checkId)
                .mapTo(String.class)
                .list());
    }

    private HttpResponse<String> post(String path, String type, String body, boolean authorised) throws Exception {
        return send(path, type, UUID.randomUUID().toString(), body, authorised ? "Bearer " + EVENT_TOKEN : null);
    }

    private HttpResponse<String> send(String path, String type, String id, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", PING_SOURCE)
                .header("ce-type", type)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (EventType.TRAINING_COMPLETED.type().equals(type) && path.equals("/")) {
            request.header(
                    "ce-dataschema", EventType.TRAINING_COMPLETED.dataSchema().toString());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
