package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.persistence.PredictionLogRow;
import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.events.EventType;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollout in shadow mode on real servers (MariaDB, S3; the registry in the ledger): a version that passes the
 * gate becomes the challenger, not the champion; the scheduled check (the PingSource's event) promotes it on the
 * figures predict records ({@code version_traffic}, its shadow answers in {@code prediction_log}, feedback), rolls
 * a fresh champion back when its error rate breaches the limit, and retires a challenger that disagrees. Each
 * decision is a {@code rollout.decided} event at K_SINK and a {@code model_alias_change} row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "evaluate_rollout")
class RolloutCheckIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "prodcat-rollout";
    private static final String EVENT_TOKEN = "events-" + UUID.randomUUID();
    private static final String PING_SOURCE = "/apis/v1/namespaces/prodcat/pingsources/prodcat-rollout-check";

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static TrainedModels models;
    private static RecordingHttpServer sink;

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
        models = new TrainedModels(
                MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey()), jdbi, new UntrackedRuns());
        sink = RecordingHttpServer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.model.name", () -> MODEL);
        registry.add("prodcat.gate.min-f1-gain", () -> "-1"); // every version passes the gate
        registry.add("prodcat.events.auth.mode", () -> "token");
        registry.add("prodcat.events.auth.token", () -> EVENT_TOKEN);
        registry.add("prodcat.events.sink", () -> sink.url());
        registry.add("prodcat.rollout.mode", () -> "shadow");
        registry.add("prodcat.rollout.min-requests", () -> "200");
        registry.add("prodcat.rollout.min-feedback", () -> "20");
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    @Test
    void aChallengerIsPromotedByTheCheckThenRolledBackOnErrorsAndTheNextOneRetired() throws Exception {
        String first = evaluate("first", 1, EventType.MODEL_PROMOTED); // no champion yet: promoted at once
        String second = evaluate("second", 2, EventType.EVALUATION_COMPLETED);
        assertThat(alias("champion")).isEqualTo(first);
        assertThat(alias("challenger")).isEqualTo(second);

        // too few requests: nothing changes, nothing is sent
        traffic(second, new VersionTrafficDao.Counts(second, minute(), "a", 0, 0, 150, 140, 0, 0));
        JsonNode waiting = check(UUID.randomUUID().toString());
        assertThat(finding(waiting, "challenger").path("decision").asString()).isEqualTo("wait");
        assertThat(alias("challenger")).isEqualTo(second);
        assertThat(sink.pending()).isZero();

        // two instances' counts: 300 compared, only 50 % agreement, but the feedback says the challenger is right
        // more often than the champion (on the texts its shadow answers were logged for)
        traffic(second, new VersionTrafficDao.Counts(second, minute(), "b", 0, 0, 150, 10, 0, 0));
        feedbackOnShadowAnswers(first, second, 25, 15, 23);
        JsonNode promoted = check(UUID.randomUUID().toString());
        JsonNode decision = finding(promoted, "challenger");
        assertThat(decision.path("decision").asString()).as(promoted.toString()).isEqualTo("promote");
        assertThat(decision.path("reason").asString()).contains("feedback accuracy 92.0 %", "60.0 %");
        assertThat(decision.path("figures").path("agreement").asDouble()).isEqualTo(0.5);
        assertThat(alias("champion")).isEqualTo(second);
        assertThat(alias("challenger")).isNull();
        RecordingHttpServer.Request sent = sink.next();
        assertThat(sent.header("ce-type")).isEqualTo(EventType.ROLLOUT_DECIDED.type());
        JsonNode event = JSON.readTree(sent.body());
        assertThat(event.path("decision").asString()).isEqualTo("promoted");
        assertThat(event.path("modelVersion").asString()).isEqualTo(second);
        assertThat(event.path("mode").asString()).isEqualTo("shadow");
        assertThat(lastChange("champion"))
                .containsEntry("changed_by", "rollout-check")
                .containsEntry("previous_version", first);
        assertThat(lastChange("challenger")).containsEntry("version", null);

        // a redelivered ping changes nothing and sends nothing more
        long changes = count("SELECT COUNT(*) FROM model_alias_change");
        JsonNode again = check(UUID.randomUUID().toString());
        assertThat(finding(again, "champion").path("decision").asString()).isEqualTo("keep");
        assertThat(count("SELECT COUNT(*) FROM model_alias_change")).isEqualTo(changes);
        Thread.sleep(200);
        assertThat(sink.pending()).isZero();

        // the fresh champion fails 3 % of its requests: rolled back to the version before it
        traffic(second, new VersionTrafficDao.Counts(second, minute(), "a", 485, 15, 0, 0, 0, 0));
        JsonNode rolledBack = check(UUID.randomUUID().toString());
        assertThat(finding(rolledBack, "champion").path("decision").asString()).isEqualTo("roll_back");
        assertThat(alias("champion")).isEqualTo(first);
        JsonNode rollback = JSON.readTree(sink.next().body());
        assertThat(rollback.path("decision").asString()).isEqualTo("rolled_back");
        assertThat(rollback.path("championVersion").asString()).isEqualTo(first);
        assertThat((String) lastChange("champion").get("reason"))
                .startsWith("automatic rollback from version " + second);
        // the version put back is not watched: no rollback of the rollback
        assertThat(check(UUID.randomUUID().toString()).path("findings").size()).isZero();

        // the next challenger disagrees with the champion and has no feedback to vouch for it: retired
        String third = evaluate("third", 3, EventType.EVALUATION_COMPLETED);
        assertThat(alias("challenger")).isEqualTo(third);
        traffic(third, new VersionTrafficDao.Counts(third, minute(), "a", 0, 0, 300, 120, 0, 0));
        JsonNode retired = check(UUID.randomUUID().toString());
        assertThat(finding(retired, "challenger").path("decision").asString()).isEqualTo("retire");
        assertThat(alias("challenger")).isNull();
        assertThat(alias("champion")).isEqualTo(first);
        assertThat(JSON.readTree(sink.next().body()).path("decision").asString())
                .isEqualTo("retired");
    }

    @Test
    void aCheckWithoutTheEventTokenOrOfAnotherTypeIsRefusedAndChangesNothing() throws Exception {
        long changes = count("SELECT COUNT(*) FROM model_alias_change");

        assertThat(send(EventType.PING, null).statusCode()).isEqualTo(401);
        assertThat(send(EventType.PING, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(send(EventType.DRIFT_CHECK.type(), "Bearer " + EVENT_TOKEN).statusCode())
                .isEqualTo(400);
        assertThat(count("SELECT COUNT(*) FROM model_alias_change")).isEqualTo(changes);
        Thread.sleep(200);
        assertThat(sink.pending()).isZero();
    }

    /** Trains and evaluates a model; returns its version. */
    private String evaluate(String name, int seed, EventType expectedReply) throws Exception {
        TrainingCompleted done = models.trained(name, SyntheticCatalog.csv(300, seed), UnaryOperator.identity());
        HttpResponse<String> answer = post("/", EventType.TRAINING_COMPLETED.type(), JSON.writeValueAsString(done));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ce-type")).as(answer.body()).hasValue(expectedReply.type());
        return JSON.readTree(answer.body()).path("modelVersion").asString();
    }

    private static Instant minute() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    private static void traffic(String version, VersionTrafficDao.Counts counts) {
        jdbi.onDemand(VersionTrafficDao.class).add(counts);
    }

    /**
     * Feedback on {@code rows} texts the champion answered ({@code championRight} of them rightly) while the shadow
     * version logged its own answers to the same texts ({@code shadowRight} of them right).
     */
    private static void feedbackOnShadowAnswers(
            String champion, String shadow, int rows, int championRight, int shadowRight) {
        List<PredictionLogRow> shadowAnswers = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < rows; i++) {
            String text = "rollout product " + i;
            String truth = "label-" + i;
            shadowAnswers.add(new PredictionLogRow(
                    now,
                    shadow,
                    i < shadowRight ? truth : "wrong",
                    0.9,
                    null,
                    null,
                    text.length(),
                    HexFormat.of().formatHex(TokenDigest.sha256(text), 0, 8),
                    null));
            String championAnswer = i < championRight ? truth : "wrong";
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO feedback (text, true_label, predicted_label, model_version, received_at)
                            VALUES (:text, :truth, :answer, :version, :at)
                            """)
                    .bind("text", text)
                    .bind("truth", truth)
                    .bind("answer", championAnswer)
                    .bind("version", champion)
                    .bind("at", now)
                    .execute());
        }
        PredictionLogDao.insert(jdbi, shadowAnswers);
    }

    private static String alias(String alias) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT version FROM model_alias_change WHERE model_name = :name AND alias = :alias
                        ORDER BY id DESC LIMIT 1
                        """)
                .bind("name", MODEL)
                .bind("alias", alias)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
    }

    private static Map<String, Object> lastChange(String alias) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT version, previous_version, changed_by, reason FROM model_alias_change
                        WHERE model_name = :name AND alias = :alias ORDER BY id DESC LIMIT 1
                        """)
                .bind("name", MODEL)
                .bind("alias", alias)
                .mapToMap()
                .one());
    }

    private static long count(String sql) {
        return jdbi.withHandle(
                handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static JsonNode finding(JsonNode report, String alias) {
        for (JsonNode finding : report.path("findings")) {
            if (finding.path("alias").asString().equals(alias)) {
                return finding;
            }
        }
        throw new AssertionError("no finding about the " + alias + ": " + report);
    }

    private JsonNode check(String pingId) throws Exception {
        HttpResponse<String> answer = send(EventType.PING, "Bearer " + EVENT_TOKEN, pingId);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> post(String path, String type, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/test")
                .header("ce-type", type)
                .header(
                        "ce-dataschema",
                        EventType.TRAINING_COMPLETED.dataSchema().toString())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + EVENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String type, String authorization) throws Exception {
        return send(type, authorization, UUID.randomUUID().toString());
    }

    private HttpResponse<String> send(String type, String authorization, String id) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rollout"))
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", PING_SOURCE)
                .header("ce-type", type)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(""));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
