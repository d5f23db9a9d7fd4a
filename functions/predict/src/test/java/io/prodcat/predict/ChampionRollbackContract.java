package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rollback in one command, the same in both registry modes (MLflow: {@link ChampionRollbackMlflowIT}; the ledger:
 * {@link ChampionRollbackLedgerIT}): {@code ./prodcat champion set} moves the champion back to an older version,
 * predict serves it at once and the ledger says who, when and why; a move made elsewhere (another instance, the
 * registry's own UI) is followed within the poll interval; refused and malformed calls change nothing. Each subclass
 * registers versions 1 (labels with "pets") and 2 (with "animals" instead), 2 the champion.
 */
abstract class ChampionRollbackContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN_KEY = "admin-" + java.util.UUID.randomUUID();
    static final String FEEDBACK_KEY = "feedback-" + java.util.UUID.randomUUID();

    @LocalServerPort
    int port;

    /** Set by each subclass before its context starts. */
    static ModelRegistry registry;

    static Jdbi jdbi;

    static String model;

    ModelRegistry registry() {
        return registry;
    }

    Jdbi ledger() {
        return jdbi;
    }

    String modelName() {
        return model;
    }

    /** The settings both modes share: the model, a fast poll, an admin key of client {@code ops}, a feedback key. */
    static void registerCommon(org.springframework.test.context.DynamicPropertyRegistry properties) {
        properties.add("prodcat.model.name", () -> model);
        properties.add("prodcat.model.champion-poll", () -> "100ms");
        properties.add(
                "prodcat.access.api-keys",
                () -> "ops:admin:" + io.prodcat.function.support.TokenDigest.sha256Hex(ADMIN_KEY) + ",shop:feedback:"
                        + io.prodcat.function.support.TokenDigest.sha256Hex(FEEDBACK_KEY));
    }

    @Test
    void theCommandRollsBackPredictFollowsAndTheLedgerSaysWhoAndWhy() throws Exception {
        registry().setAlias(modelName(), "champion", "2", new ModelRegistry.AliasChange("test", "start at 2"));
        awaitServed("2");
        int rowsBefore = changes().size();

        // the key and URL come from the environment, never from the command line
        ProcessBuilder rollback = new ProcessBuilder(
                        "bash",
                        Path.of(System.getProperty("prodcat.root", "../.."))
                                .resolve("prodcat")
                                .toString(),
                        "champion",
                        "set",
                        "1",
                        "--reason",
                        "version 2 files pet food under \"animals\"")
                .redirectErrorStream(true);
        rollback.environment().put("PRODCAT_PREDICT_URL", "http://127.0.0.1:" + port);
        rollback.environment().put("PRODCAT_ADMIN_KEY", ADMIN_KEY);
        Process run = rollback.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();

        JsonNode answer = JSON.readTree(output);
        assertThat(answer.path("champion").asString()).isEqualTo("1");
        assertThat(answer.path("previous").asString()).isEqualTo("2");
        assertThat(answer.path("served").asString()).isEqualTo("1");
        assertThat(registry().findByAlias(modelName(), "champion"))
                .map(ModelVersion::version)
                .contains("1");
        assertThat(labelOf("dog kibble treats")).isEqualTo("pets");
        List<AliasChangeDao.Row> changes = changes();
        assertThat(changes).hasSize(rowsBefore + 1);
        AliasChangeDao.Row last = changes.get(0);
        assertThat(last.alias()).isEqualTo("champion");
        assertThat(last.version()).isEqualTo("1");
        assertThat(last.previousVersion()).isEqualTo("2");
        assertThat(last.changedBy()).isEqualTo("ops");
        assertThat(last.reason()).isEqualTo("version 2 files pet food under \"animals\"");

        JsonNode shown =
                JSON.readTree(call("GET", "/admin/champion", null, ADMIN_KEY).body());
        assertThat(shown.path("champion").asString()).isEqualTo("1");
        assertThat(shown.path("history").get(0).path("changedBy").asString()).isEqualTo("ops");
    }

    @Test
    void aMoveMadeElsewhereIsFollowedWithinThePollInterval() throws Exception {
        registry().setAlias(modelName(), "champion", "1", new ModelRegistry.AliasChange("test", "start at 1"));
        awaitServed("1");

        registry().setAlias(modelName(), "champion", "2", new ModelRegistry.AliasChange("other", "from elsewhere"));

        awaitServed("2");
        assertThat(labelOf("dog kibble treats")).isEqualTo("animals");
        // what the new champion answered reaches version_traffic (default rollout mode, direct), where the rollout
        // check watches a fresh champion for an automatic rollback
        org.awaitility.Awaitility.await("version 2's answers counted in version_traffic")
                .atMost(Duration.ofSeconds(20))
                .until(() -> ledger().onDemand(io.prodcat.adapters.persistence.VersionTrafficDao.class)
                                .since("2", java.time.Instant.now().minus(Duration.ofHours(1)))
                                .answered()
                        >= 1);
    }

    @Test
    void refusedAndMalformedCallsMoveNothing() throws Exception {
        registry().setAlias(modelName(), "champion", "2", new ModelRegistry.AliasChange("test", "start at 2"));
        awaitServed("2");
        int rowsBefore = changes().size();
        String good = "{\"version\": \"1\", \"reason\": \"test\"}";

        assertThat(call("POST", "/admin/champion", good, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/admin/champion", good, "made-up").statusCode())
                .isEqualTo(401);
        assertThat(call("POST", "/admin/champion", good, FEEDBACK_KEY).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/admin/champion", null, FEEDBACK_KEY).statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/admin/champion", "{\"version\": \"9\", \"reason\": \"x\"}", ADMIN_KEY)
                        .body())
                .contains("has no version 9");
        assertThat(call("POST", "/admin/champion", "{\"version\": \"1\", \"reason\": \" \"}", ADMIN_KEY)
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/admin/champion", "{\"version\": \"1\"", ADMIN_KEY)
                        .statusCode())
                .isEqualTo(400);

        assertThat(registry().findByAlias(modelName(), "champion"))
                .map(ModelVersion::version)
                .contains("2");
        assertThat(changes()).hasSize(rowsBefore);
        Thread.sleep(500); // a few poll intervals
        assertThat(served()).isEqualTo("2");
    }

    private List<AliasChangeDao.Row> changes() {
        return ledger().onDemand(AliasChangeDao.class).history(modelName(), 1000);
    }

    private String labelOf(String text) throws Exception {
        HttpResponse<String> answer = call("POST", "/predict", "{\"text\": \"" + text + "\"}", ADMIN_KEY);
        return JSON.readTree(answer.body()).path("label").asString();
    }

    String served() throws Exception {
        return ServedVersion.of(port, ADMIN_KEY);
    }

    void awaitServed(String version) {
        ServedVersion.await(port, ADMIN_KEY, version);
    }

    HttpResponse<String> call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
