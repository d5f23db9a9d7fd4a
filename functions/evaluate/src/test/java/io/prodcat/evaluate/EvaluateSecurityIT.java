package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackExport;
import io.prodcat.adapters.persistence.FeedbackExportDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.events.EventType;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.testkit.ErrorAnswerSweep;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.TokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * Who may get a model registered and promoted: only the Broker, with an OIDC token for evaluate's audience from an
 * allowed subject (the Trigger's service account); and no candidate trained on feedback becomes champion when it
 * loses on the held-out rows of the last dataset without feedback (the default trusted reference; none is pinned
 * here). Untracked (MLFLOW_TRACKING_URI=none): the registry is the ledger's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "evaluate_security")
class EvaluateSecurityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE = "prodcat-evaluate";
    private static final String TRIGGER = "system:serviceaccount:prodcat:oidc-trigger-prodcat-evaluate";
    private static final String MODEL = "prodcat-evaluate-security";

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static TrainedModels models;
    private static TokenIssuer issuer;

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
        issuer = TokenIssuer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.model.name", () -> MODEL);
        issuer.registerProperties(registry::add, AUDIENCE);
        registry.add("prodcat.events.auth.oidc.subjects", () -> TRIGGER);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void deliveriesWithoutTheTriggersTokenAreRefusedAndRegisterNothing() throws Exception {
        TrainingCompleted done =
                models.trained("security-catalog", SyntheticCatalog.csv(40, 2), UnaryOperator.identity());
        Map<String, String> forged = new LinkedHashMap<>(issuer.forgedCredentials(AUDIENCE));
        forged.put(
                "a JWT of a subject that is no Trigger",
                "Bearer " + issuer.token("system:serviceaccount:prodcat:default", AUDIENCE));
        long metricsBefore = count("SELECT COUNT(*) FROM model_metrics");

        for (Map.Entry<String, String> credentials : forged.entrySet()) {
            for (String path : List.of("/", "/evaluate")) {
                HttpResponse<String> answer = post(path, done, credentials.getValue());
                assertThat(answer.statusCode())
                        .as(path + " with " + credentials.getKey() + ": " + answer.body())
                        .isEqualTo(401);
            }
        }

        assertThat(count("SELECT COUNT(*) FROM model_metrics")).isEqualTo(metricsBefore);
        HttpResponse<String> genuine = post("/", done, "Bearer " + issuer.token(TRIGGER, AUDIENCE));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(JSON.readTree(genuine.body()).path("modelVersion").asString())
                .isNotBlank();
        // what the refused deliveries would have done, had one been accepted
        assertThat(count("SELECT COUNT(*) FROM model_metrics")).isEqualTo(metricsBefore + 1);
    }

    @Test
    void aCandidateTrainedOnPoisonedFeedbackIsNotPromotedBecauseItLosesOnTheCarvedReference() throws Exception {
        TrainingCompleted clean = models.trained("clean", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        promote(clean);
        String champion = champion();
        // the export of poisoned feedback: every dairy product labelled snacks, its own held-out rows say so too
        TrainingCompleted poisoned = models.trained(
                "feedback-poisoned",
                SyntheticCatalog.csv(40, 1).replace(",dairy\n", ",snacks\n"),
                UnaryOperator.identity());
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        long row = feedback.insert(
                FeedbackRow.received("Organic Whole Milk", "snacks", "dairy", champion, "attacker", Instant.now()));
        FeedbackExportDao exports = jdbi.onDemand(FeedbackExportDao.class);
        String export = UUID.randomUUID().toString();
        exports.insert(FeedbackExport.claimed(export, clean.datasetPath(), poisoned.datasetPath(), Instant.now()));
        exports.claim(List.of(row), export);
        exports.markConsumed(export, poisoned.datasetHash(), poisoned.datasetPath(), Instant.now());

        HttpResponse<String> reply = post("/", poisoned, "Bearer " + issuer.token(TRIGGER, AUDIENCE));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(reply.body());
        assertThat(result.path("f1").asDouble())
                .as("it wins on its own held-out rows")
                .isGreaterThan(0.9);
        assertThat(result.path("promoted").asBoolean()).isFalse();
        assertThat(result.path("reason").asString())
                .contains("trusted reference set")
                .contains("the held-out rows of training ");
        assertThat(champion()).isEqualTo(champion);
    }

    private void promote(TrainingCompleted done) throws Exception {
        HttpResponse<String> reply = post("/", done, "Bearer " + issuer.token(TRIGGER, AUDIENCE));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        // promoted unless an earlier test's model is the champion and this one does not beat it
        if (!JSON.readTree(reply.body()).path("promoted").asBoolean()) {
            new LedgerModelRegistry(jdbi)
                    .setAlias(
                            MODEL,
                            "champion",
                            JSON.readTree(reply.body()).path("modelVersion").asString(),
                            new io.prodcat.adapters.tracking.ModelRegistry.AliasChange("test", "set by the test"));
        }
    }

    private static String champion() {
        return new LedgerModelRegistry(jdbi)
                .findByAlias(MODEL, "champion")
                .map(ModelVersion::version)
                .orElse(null);
    }

    private HttpResponse<String> post(String path, TrainingCompleted event, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/prodcat/train")
                .header("ce-type", EventType.TRAINING_COMPLETED.type())
                .header(
                        "ce-dataschema",
                        EventType.TRAINING_COMPLETED.dataSchema().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * evaluate's routes (the event routes, {@code /drift} and {@code /rollout}, with the Trigger's token, as a binary
     * CloudEvent and as no CloudEvent, and without credentials) sent bodies they cannot take: 4xx answers that name no
     * class, method or library, no 5xx, and nothing evaluated.
     */
    @Test
    void malformedBodiesOnEveryRouteAreRefusedWithoutNamingInternals() throws Exception {
        long metricsBefore = count("SELECT COUNT(*) FROM model_metrics");
        String triggerToken = "Bearer " + issuer.token(TRIGGER, AUDIENCE);
        List<ErrorAnswerSweep.Route> routes = ErrorAnswerSweep.eventRoutes(
                List.of("/", "/evaluate", "/drift", "/rollout"), triggerToken, "io.prodcat.training.completed");

        assertThat(ErrorAnswerSweep.problems(HTTP, URI.create("http://127.0.0.1:" + port), routes))
                .isEmpty();
        assertThat(count("SELECT COUNT(*) FROM model_metrics")).isEqualTo(metricsBefore);
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
