package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackExport;
import io.prodcat.adapters.persistence.FeedbackExportDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.MlflowExperimentTracker;
import io.prodcat.adapters.tracking.MlflowModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.predict.feedback.FeedbackLoop;
import io.prodcat.testkit.BrokerRetries;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SwitchableProxy;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.TokenIssuer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The predict function against real MariaDB, S3 (S3Proxy) and MLflow, started from PRODCAT_MODEL_URI=file:. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict")
@ExtendWith(MlflowExtension.class)
class PredictFunctionIT {

    private static final ModelRegistry.AliasChange BY_TEST = new ModelRegistry.AliasChange("test", "set by the test");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "prodcat-predict-it";
    private static final String AUDIENCE = "prodcat-predict";
    static final String ADMIN_KEY = "admin-key-" + UUID.randomUUID();
    static final String FEEDBACK_KEY = "feedback-key-" + UUID.randomUUID();
    private static final Set<String> LABELS_A = Set.of("beverages", "dairy", "pets", "snacks");
    private static final Set<String> LABELS_B = Set.of("beverages", "dairy", "animals", "snacks");

    private static S3Server s3;
    private static SwitchableProxy s3Proxy;
    private static MariaDbServer.Cuttable database;
    private static MlflowServer mlflow;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static MinioObjectStore store;
    private static Path modelA;
    private static TokenIssuer issuer;

    @LocalServerPort
    private int port;

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeAll
    static void servers(FunctionServers.Servers servers, MlflowServer mlflowServer) throws Exception {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        mlflow = mlflowServer;
        jdbcUrl = servers.jdbcUrl();
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        s3Proxy = SwitchableProxy.to(s3.endpoint());
        database = MariaDbServer.cuttable(jdbcUrl);
        modelA = Files.createTempDirectory("prodcat-predict").resolve("model-a.prodcat");
        // trained after a parent (the same rows at its setting: the same predictions), so its provenance has a lineage
        ModelFile.write(TestModels.trainedAfterItself("3", "training-17"), modelA);
        putFile("s3://models/a.prodcat", Files.readAllBytes(modelA));
        Path modelB = modelA.resolveSibling("model-b.prodcat");
        ModelFile.write(TestModels.trained(label -> label.equals("pets") ? "animals" : label), modelB);
        putFile("s3://models/b.prodcat", Files.readAllBytes(modelB));
        Path pathModel = modelA.resolveSibling("model-paths.prodcat");
        ModelFile.write(TestModels.trained(SyntheticCatalog.PATHS::get, " > "), pathModel);
        putFile("s3://models/paths.prodcat", Files.readAllBytes(pathModel));
        issuer = TokenIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        if (issuer != null) {
            issuer.close();
            s3Proxy.close();
            database.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minio.endpoint", () -> s3Proxy.url());
        mariaDb.registerProperties(registry::add, database.jdbcUrl());
        registry.add("mlflow.tracking-uri", () -> mlflow.trackingUri());
        registry.add("prodcat.model.uri", () -> modelA.toUri().toString());
        registry.add("prodcat.model.name", () -> "prodcat-predict-it");
        registry.add("prodcat.api.max-batch", () -> "50");
        registry.add("prodcat.feedback.threshold", () -> "5");
        registry.add("prodcat.feedback.max-share", () -> "0.25");
        // these tests are about the export's mechanics, each with one feedback client: the policy's quorum and review
        // holds are FeedbackPolicyTest's and PoisoningIT's
        registry.add("prodcat.feedback.quorum", () -> "1");
        registry.add("prodcat.feedback.review-corrections", () -> "100000");
        registry.add("prodcat.feedback.review-class-share", () -> "100");
        registry.add("prodcat.retrain-on-drift", () -> "true");
        registry.add(
                "prodcat.access.api-keys",
                () -> "ops:admin:" + TokenDigest.sha256Hex(ADMIN_KEY) + ", shop:feedback:"
                        + TokenDigest.sha256Hex(FEEDBACK_KEY));
        issuer.registerProperties(registry::add, AUDIENCE);
    }

    /** Every test starts from the model PRODCAT_MODEL_URI names, whatever an earlier one swapped in. */
    @BeforeEach
    void servingTheConfiguredModel() throws Exception {
        awaitReady();
        if (!"model-a.prodcat"
                .equals(JSON.readTree(get("/model").body()).path("version").asString())) {
            assertThat(post("/reload", "").statusCode()).isEqualTo(202);
            awaitVersion("model-a.prodcat");
        }
    }

    @Test
    void servesTheModelNamedByModelUriOnceReady() throws Exception {
        awaitReady();

        JsonNode model = JSON.readTree(modelAsAdmin().body());
        JsonNode anybodys = JSON.readTree(get("/model").body());
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(anybodys.path("version").asString()).isEqualTo("model-a.prodcat");
        assertThat(anybodys.path("labels").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(LABELS_A);
        assertThat(anybodys.path("loadedAt").asString()).isNotBlank();
        assertThat(anybodys.has("source") || anybodys.has("provenance") || anybodys.has("loadMillis"))
                .as("where it came from and how it was trained are for an admin: " + anybodys)
                .isFalse();
        assertThat(model.path("version").asString()).isEqualTo("model-a.prodcat");
        assertThat(model.path("source").asString()).startsWith("file:");
        assertThat(model.path("labels").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(LABELS_A);
        assertThat(model.path("provenance").path("datasetSha1").asString()).hasSize(40);
        assertThat(model.path("provenance").path("chosen").path("cost").asDouble())
                .isEqualTo(0.5);
        JsonNode lineage = model.path("provenance").path("lineage");
        assertThat(lineage.path("parentVersion").asString()).isEqualTo("3");
        assertThat(lineage.path("parentTrainingId").asString()).isEqualTo("training-17");
        assertThat(lineage.path("parentDatasetSha1").asString()).isEqualTo("0".repeat(40));
        assertThat(lineage.path("start").asString()).isEqualTo("warm");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(get("/openapi.yaml").body()).contains("/predict").contains("/feedback");
    }

    @Test
    void answersOneTextABatchInOrderAndTopK() throws Exception {
        JsonNode single = JSON.readTree(post("/predict", "{\"text\": \"greek yogurt cheese\", \"k\": 3}")
                .body());
        JsonNode batch =
                JSON.readTree(post("/predict", "{\"texts\": [\"dog kibble\", \"cola soda\", \"potato chips\"]}")
                        .body());

        assertThat(single.path("label").asString()).isEqualTo("dairy");
        assertThat(single.path("modelVersion").asString()).isEqualTo("model-a.prodcat");
        assertThat(single.path("top")).hasSize(3);
        assertThat(single.path("top").get(0).path("probability").asDouble())
                .isGreaterThanOrEqualTo(
                        single.path("top").get(1).path("probability").asDouble());
        assertThat(single.path("levels"))
                .as("flat labels are a tree of one level")
                .hasSize(1);
        assertThat(single.path("levels").get(0).path("node").asString()).isEqualTo("dairy");
        assertThat(batch.path("results")
                        .valueStream()
                        .map(result -> result.path("label").asString()))
                .containsExactly("pets", "beverages", "snacks");
    }

    @Test
    void aModelWhoseLabelsArePathsAnswersEveryLevelAndBacksOffWhenUnsure() throws Exception {
        String version = register("s3://models/paths.prodcat");
        new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri()).setAlias(MODEL, "champion", version, BY_TEST);
        assertThat(promote(version, "s3://models/paths.prodcat").statusCode()).isEqualTo(202);
        awaitVersion(version);

        JsonNode model = JSON.readTree(get("/model").body());
        JsonNode sure = JSON.readTree(post("/predict", "{\"text\": \"greek yogurt cheese\", \"minConfidence\": 0.5}")
                .body());
        JsonNode unsure = JSON.readTree(post("/predict", "{\"texts\": [\"organic value pack\"], \"minConfidence\": 1}")
                        .body())
                .path("results")
                .get(0);

        assertThat(model.path("pathSeparator").asString()).isEqualTo(" > ");
        assertThat(model.path("depth").asInt()).isEqualTo(2);
        assertThat(sure.path("label").asString()).isEqualTo("food > dairy");
        assertThat(sure.path("levels")
                        .valueStream()
                        .map(level -> level.path("node").asString()))
                .containsExactly("food", "food > dairy");
        double food = sure.path("levels").get(0).path("probability").asDouble();
        assertThat(food)
                .as("food is dairy's and snacks' probability together")
                .isGreaterThanOrEqualTo(sure.path("probability").asDouble())
                .isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(sure.path("backedOff").path("path").asString()).isEqualTo("food > dairy");
        assertThat(sure.path("backedOff").path("level").asInt()).isEqualTo(2);
        assertThat(unsure.path("backedOff").path("level").asInt())
                .as("nothing is certain, so not even the top level is answered")
                .isZero();
        assertThat(unsure.path("backedOff").path("path").asString()).isEmpty();
        assertThat(unsure.path("levels")).hasSize(2);
    }

    @Test
    void everyKindOfBadRequestIs400ProblemJson() throws Exception {
        Map<String, String> bad = Map.of(
                "missing text", "{}",
                "empty text", "{\"text\": \"  \"}",
                "wrong type", "{\"text\": 5}",
                "text and texts", "{\"text\": \"a\", \"texts\": [\"b\"]}",
                "over-long text", "{\"text\": \"" + "x".repeat(1001) + "\"}",
                "too many items",
                        "{\"texts\": [" + String.join(",", java.util.Collections.nCopies(51, "\"milk\"")) + "]}",
                "empty item", "{\"texts\": [\"milk\", \"\"]}",
                "k out of range", "{\"text\": \"milk\", \"k\": 0}",
                "malformed JSON", "{\"text\": ",
                "not an object", "[\"milk\"]");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            HttpResponse<String> answer = post("/predict", request.getValue());
            assertThat(answer.statusCode()).as(request.getKey()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as(request.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(answer.body()).path("detail").asString())
                    .as(request.getKey())
                    .isNotBlank();
        }
        // unreadable JSON is described by where it is wrong (docs/SECURITY.md, error answers)
        assertThat(JSON.readTree(post("/predict", bad.get("wrong type")).body())
                        .path("detail")
                        .asString())
                .isEqualTo("\"text\" has the wrong type or value");
        assertThat(JSON.readTree(post("/predict", bad.get("malformed JSON")).body())
                        .path("detail")
                        .asString())
                .startsWith("malformed JSON at line 1, column ");
        HttpResponse<String> badConfidence = post("/predict", "{\"text\": \"milk\", \"minConfidence\": 1.5}");
        assertThat(badConfidence.statusCode()).isEqualTo(400);
        assertThat(badConfidence.body()).contains("minConfidence");
        HttpResponse<String> badFeedback = post("/feedback", "{\"text\": \"milk\"}");
        assertThat(badFeedback.statusCode()).isEqualTo(400);
        assertThat(badFeedback.body()).contains("label");
    }

    @Test
    void feedbackWithALabelTheServedModelDoesNotKnowIsRefusedAndNotStored() throws Exception {
        long rowsBefore = jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM feedback").mapTo(Long.class).one());

        HttpResponse<String> refused =
                post("/feedback", "{\"text\": \"Organic Whole Milk\", \"label\": \"furniture\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("one of the served model's labels");
        long rowsAfter = jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM feedback").mapTo(Long.class).one());
        assertThat(rowsAfter).isEqualTo(rowsBefore);
    }

    /**
     * What a training set's CSV reader would refuse is refused at the door, with the rule named, so that no accepted
     * row can fail the training it lands in. Each body is a feedback row predict would otherwise have stored.
     */
    @Test
    void feedbackThatATrainingSetCouldNotHoldIsRefusedWithTheRuleAndNotStored() throws Exception {
        long rowsBefore = count("SELECT COUNT(*) FROM feedback");
        Map<String, String> refused = Map.of(
                "{\"text\": \"Milk\\u0000x\", \"label\": \"dairy\"}",
                "NUL byte",
                "{\"text\": \"Milk\\u0007x\", \"label\": \"dairy\"}",
                "control character U+0007",
                "{\"text\": \"Milk \\ud800\", \"label\": \"dairy\"}",
                "lone surrogate",
                "{\"text\": \"Milk \\ufffd\", \"label\": \"dairy\"}",
                "invalid UTF-8",
                "{\"text\": \"Milk\", \"label\": \"dairy\\u0000\"}",
                "\\\"label\\\": NUL byte",
                "{\"text\": \"" + "m".repeat(1001) + "\", \"label\": \"dairy\"}",
                "at most 1000");

        for (Map.Entry<String, String> body : refused.entrySet()) {
            HttpResponse<String> answer = post("/feedback", body.getKey());
            assertThat(answer.statusCode()).as(body.getValue()).isEqualTo(400);
            assertThat(answer.body()).as(body.getValue()).contains(body.getValue());
        }
        HttpResponse<String> batch = post("/predict", "{\"texts\": [\"milk\", \"chips\\u0000\"]}");

        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(batch.body()).contains("texts[1]").contains("NUL byte");
        assertThat(count("SELECT COUNT(*) FROM feedback")).isEqualTo(rowsBefore);
        HttpResponse<String> tab = post("/feedback", "{\"text\": \"Milk\\tFull Fat\", \"label\": \"dairy\"}");
        assertThat(tab.statusCode()).as("a tab is text a CSV holds").isEqualTo(201);
        forget(JSON.readTree(tab.body()).path("id").asLong());
    }

    /**
     * The gate's trusted reference changes only by an admin's call, recorded with who and why; a feedback client, an
     * anonymous caller and malformed or unusable requests (each a pin that would have changed the reference) change
     * nothing.
     */
    @Test
    void onlyAnAdminPinsATrustedReferenceAndThePinIsRecordedWithWhoAndWhy() throws Exception {
        putFile(
                "s3://dataset/reference/curated.csv",
                SyntheticCatalog.csv(10, 77).getBytes(StandardCharsets.UTF_8));
        putFile("s3://dataset/reference/one-class.csv", "product_name,department\nMilk,dairy\n".getBytes());
        String pin = "{\"uri\": \"s3://dataset/reference/curated.csv\", \"reason\": \"curated by the category team\"}";
        long before = count("SELECT COUNT(*) FROM gate_reference");

        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("anonymous", send("POST", "/admin/reference", null, pin));
        refused.put("feedback key", send("POST", "/admin/reference", "Bearer " + FEEDBACK_KEY, pin));
        refused.put("blank reason", post("/admin/reference", pin.replace("curated by the category team", " ")));
        refused.put("no object", post("/admin/reference", pin.replace("curated.csv", "missing.csv")));
        refused.put("one class", post("/admin/reference", pin.replace("curated.csv", "one-class.csv")));
        refused.put("not s3", post("/admin/reference", pin.replace("s3://dataset/", "file:///etc/")));
        HttpResponse<String> pinned = post("/admin/reference", pin);
        JsonNode shown = JSON.readTree(prodcat("reference", "show")); // GET /admin/reference, as an admin would

        assertThat(refused.get("anonymous").statusCode()).isEqualTo(401);
        assertThat(refused.get("feedback key").statusCode()).isEqualTo(403);
        assertThat(refused.get("blank reason").body()).contains("reason");
        assertThat(refused.get("no object").body()).contains("no object at");
        assertThat(refused.get("one class").body())
                .contains("cannot be a reference")
                .contains("at least 2 classes");
        refused.forEach(
                (name, answer) -> assertThat(answer.statusCode()).as(name).isIn(400, 401, 403));
        assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM gate_reference")).isEqualTo(before + 1);
        JsonNode current = shown.path("current");
        assertThat(current.path("source").asString()).isEqualTo("pinned CSV s3://dataset/reference/curated.csv");
        assertThat(current.path("createdBy").asString()).isEqualTo("ops");
        assertThat(current.path("reason").asString()).isEqualTo("curated by the category team");
        assertThat(current.path("rows").asInt()).isEqualTo(40);
        assertThat(store.exists(S3Location.parse(current.path("snapshot").asString())))
                .isTrue();
        assertThat(send("GET", "/admin/reference", "Bearer " + FEEDBACK_KEY, null)
                        .statusCode())
                .isEqualTo(403);
    }

    /**
     * Held feedback is decided only by an admin, recorded with who: a feedback client's approval of its own held rows,
     * an anonymous one and a malformed one change nothing.
     */
    @Test
    void onlyAnAdminApprovesOrDropsHeldFeedbackAndTheDecisionIsRecorded() throws Exception {
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        long approved =
                feedback.insert(FeedbackRow.received("Organic Whole Milk", "pets", null, null, "crowd-1", Instant.now())
                        .servedAs("dairy"));
        long dropped =
                feedback.insert(FeedbackRow.received("Greek Yogurt", "pets", null, null, "crowd-2", Instant.now())
                        .servedAs("dairy"));
        feedback.hold(List.of(approved, dropped), "client sent too many corrections: held for review", Instant.now());
        String approve = "{\"decision\": \"approve\", \"ids\": [" + approved + "]}";

        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        refused.put("anonymous", send("POST", "/admin/feedback/review", null, approve));
        refused.put("feedback key", send("POST", "/admin/feedback/review", "Bearer " + FEEDBACK_KEY, approve));
        refused.put(
                "ids and client", post("/admin/feedback/review", approve.replace("}", ", \"client\": \"crowd-2\"}")));
        refused.put("unknown decision", post("/admin/feedback/review", approve.replace("approve", "promote")));
        refused.forEach(
                (name, answer) -> assertThat(answer.statusCode()).as(name).isIn(400, 401, 403));
        assertThat(feedback.findById(approved).orElseThrow().heldReason())
                .as("still held")
                .isNotNull();
        JsonNode listed = JSON.readTree(
                send("GET", "/admin/feedback/held", "Bearer " + ADMIN_KEY, null).body());

        HttpResponse<String> approval = post("/admin/feedback/review", approve);
        String drop = prodcat("feedback", "drop", "--client", "crowd-2"); // the command line, as an admin would

        assertThat(listed.path("held").valueStream().map(row -> row.path("id").asLong()))
                .contains(approved, dropped);
        assertThat(JSON.readTree(approval.body()).path("rows").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(drop).path("rows").asInt()).isEqualTo(1);
        FeedbackRow nowWaiting = feedback.findById(approved).orElseThrow();
        assertThat(nowWaiting.heldReason()).isNull();
        assertThat(nowWaiting.approved()).isTrue();
        FeedbackRow out = feedback.findById(dropped).orElseThrow();
        assertThat(out.reviewDecision()).isEqualTo("DROPPED");
        assertThat(out.heldReason()).as("stays out of every export").isNotNull();
        String reviewer = jdbi.withHandle(h -> h.createQuery("SELECT reviewed_by FROM feedback WHERE id = :id")
                .bind("id", approved)
                .mapTo(String.class)
                .one());
        assertThat(reviewer).isEqualTo("ops");
        forget(approved, dropped);
    }

    /** Runs {@code ./prodcat ARGS} against this predict with the admin key from the environment; its output. */
    private String prodcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                Path.of(System.getProperty("prodcat.root", "../.."))
                        .resolve("prodcat")
                        .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PRODCAT_PREDICT_URL", base());
        builder.environment().put("PRODCAT_ADMIN_KEY", ADMIN_KEY);
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        return output;
    }

    /** Leaves no waiting row behind for the tests that count what an export holds. */
    private static void forget(long... ids) {
        for (long id : ids) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM feedback WHERE id = :id")
                    .bind("id", id)
                    .execute());
        }
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bodiesOverTheLimitAre413WithOrWithoutADeclaredLength() throws Exception {
        String oneMegabyteOfTexts = "{\"texts\": [" + "\"milk\",".repeat(1024 * 1024 / 7) + "\"milk\"]}";
        byte[] bytes = oneMegabyteOfTexts.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = post("/predict", oneMegabyteOfTexts);
        HttpResponse<String> chunked = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/predict"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(bytes.length).isGreaterThan(1024 * 1024);
        for (HttpResponse<String> answer : List.of(declared, chunked)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(post("/predict", "{\"text\": \"milk\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void modelPromotedInMlflowIsServedAfterTheEvent() throws Exception {
        String version = register("s3://models/b.prodcat");
        new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri()).setAlias(MODEL, "champion", version, BY_TEST);

        HttpResponse<String> accepted = promote(version, "s3://models/b.prodcat");

        assertThat(accepted.statusCode()).isBetween(200, 299);
        // an answer with CloudEvent headers is a reply event to a Knative Broker: it would route back here
        assertThat(accepted.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("ce-"));
        awaitVersion(version);
        JsonNode model = JSON.readTree(modelAsAdmin().body());
        assertThat(model.path("labels").valueStream().map(JsonNode::asString)).contains("animals");
        assertThat(model.path("source").asString()).isEqualTo("s3://models/b.prodcat");
    }

    @Test
    void aForgedModelPromotedLoadsNothingButTheRegistrysChampionFromTheModelBucket() throws Exception {
        String champion = register("s3://models/a.prodcat");
        String notChampion = register("s3://models/b.prodcat");
        String outside = register("s3://dataset/train/base.csv");
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri());
        registry.setAlias(MODEL, "champion", champion, BY_TEST);

        HttpResponse<String> notTheChampion = promote(notChampion, "s3://models/b.prodcat");
        HttpResponse<String> unknownVersion = promote("999999", "file:/dev/zero");
        HttpResponse<String> otherModel = promote("other", champion, "s3://models/a.prodcat");
        registry.setAlias(MODEL, "champion", outside, BY_TEST);
        HttpResponse<String> championOutsideTheBucket = promote(outside, "s3://models/a.prodcat");

        for (HttpResponse<String> refused :
                List.of(notTheChampion, unknownVersion, otherModel, championOutsideTheBucket)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }
        assertThat(championOutsideTheBucket.body()).contains("outside the model bucket");
        registry.setAlias(MODEL, "champion", champion, BY_TEST);
        // the event's weightsUri is not read: the registry's file for the champion is what gets loaded
        assertThat(promote(champion, "file:/dev/zero").statusCode()).isEqualTo(202);
        awaitVersion(champion);
        assertThat(JSON.readTree(modelAsAdmin().body()).path("source").asString())
                .isEqualTo("s3://models/a.prodcat");
    }

    /**
     * A steady load (500 requests/s, each a batch of three texts) through ten hot swaps, a feedback export, an S3
     * outage and a MariaDB outage: no prediction fails and no answer mixes two models. During the S3 outage a
     * promotion cannot read its file, so the model served stays (the promotion is delivered again once S3 is back);
     * during the MariaDB outage feedback is refused with 503 (retryable, counted) and taken once it is back. Sixteen clients on kept-alive connections send request i at
     * start + i / rate (when one is late, the next ones follow at once), and latency counts from that planned time, so
     * a server that falls behind shows it. Before it, 5,000 requests as fast as the clients go warm the JVM up (a test
     * JVM has no AOT cache); they count for failures, not latency. CI runs 10 s; bench/load-with-faults.sh 60 s
     * ({@code -Dprodcat.load.seconds=60}) and reports the line logged.
     */
    @Test
    void aSteadyLoadThroughHotSwapsAnExportAndOutagesOfS3AndMariaDbHasNoFailedOrMixedAnswer() throws Exception {
        int seconds = Integer.getInteger("prodcat.load.seconds", 10);
        int rate = Integer.getInteger("prodcat.load.rate", 500);
        int swaps = 10;
        baseTraining();
        String versionA = register("s3://models/a.prodcat");
        String versionB = register("s3://models/b.prodcat");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"dog kibble\", \"cat litter\", \"milk\"]}"))
                .build();
        long total = (long) rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        Queue<Long> latencies = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> warmUp = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger warmUpLeft = new java.util.concurrent.atomic.AtomicInteger(5_000);
        for (int c = 0; c < 16; c++) {
            warmUp.add(clients.submit(() -> {
                while (warmUpLeft.getAndDecrement() > 0) {
                    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    wrong.addAll(problems(answer, null, versionB));
                }
                return null;
            }));
        }
        for (Future<?> client : warmUp) {
            client.get(120, TimeUnit.SECONDS);
        }
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            running.add(clients.submit(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long planned = start + i * periodNanos;
                    long wait = planned - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    HttpResponse<String> answer = null;
                    Throwable error = null;
                    try {
                        answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        error = e;
                    }
                    latencies.add(System.nanoTime() - planned);
                    wrong.addAll(problems(answer, error, versionB));
                }
                return null;
            }));
        }
        String exportedText = "hamster wheel " + UUID.randomUUID();
        List<Integer> feedbackDuringDatabaseOutage = new ArrayList<>();
        try {
            for (int swap = 0; swap < swaps; swap++) {
                String version = swap % 2 == 0 ? versionA : versionB;
                new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri())
                        .setAlias(MODEL, "champion", version, BY_TEST);
                if (swap == 3) {
                    promoteDuringAnS3Outage(version, versionA);
                }
                assertThat(promote(version, "ignored").statusCode()).isEqualTo(202);
                awaitVersion(version);
                if (swap == 7) {
                    feedbackDuringDatabaseOutage.addAll(feedbackDuringADatabaseOutage(exportedText));
                }
                if (swap == swaps / 2) { // the threshold is 5: the fifth row starts an export; dairy is in both models
                    for (int i = 0; i < 5; i++) {
                        assertThat(post(
                                                "/feedback",
                                                "{\"text\": \"" + exportedText + " " + i + "\", \"label\": \"dairy\"}")
                                        .statusCode())
                                .isEqualTo(201);
                    }
                }
                long slotEnd = start + (swap + 1L) * seconds * 1_000_000_000L / swaps;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, slotEnd - System.nanoTime()));
            }
            for (Future<?> client : running) {
                client.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        awaitFeedbackDataset(exportedText + " 4");
        List<Long> sorted = latencies.stream().sorted().toList();
        org.slf4j.LoggerFactory.getLogger(PredictFunctionIT.class)
                .info(
                        "load: {} requests at {}/s planned, done in {} s, {} failed or mixed, {} swaps, 1 export,"
                                + " 1 S3 outage, 1 MariaDB outage (feedback answered {} during it);"
                                + " latency from the planned send: p50 {} ms, p99 {} ms, max {} ms",
                        total,
                        rate,
                        String.format(java.util.Locale.ROOT, "%.1f", elapsed),
                        wrong.size(),
                        swaps,
                        feedbackDuringDatabaseOutage,
                        String.format(java.util.Locale.ROOT, "%.2f", sorted.get(sorted.size() / 2) / 1e6),
                        String.format(java.util.Locale.ROOT, "%.2f", sorted.get(sorted.size() * 99 / 100) / 1e6),
                        String.format(java.util.Locale.ROOT, "%.2f", sorted.get(sorted.size() - 1) / 1e6));

        assertThat(wrong).isEmpty();
        assertThat(sorted).hasSize(rate * seconds);
        assertThat(feedbackDuringDatabaseOutage).containsExactly(503);
    }

    /**
     * Promotes {@code version} (already champion in the registry) while S3 is cut: predict tries S3 (the proxy
     * counts it) and keeps serving the model it served.
     */
    private void promoteDuringAnS3Outage(String version, String serving) throws Exception {
        int refusedBefore = s3Proxy.triesWhileOff();
        long failedBefore = failedLoads();
        s3Proxy.switchOff();
        try {
            assertThat(promote(version, "ignored").statusCode()).isEqualTo(202);
            await("the load failed").atMost(Duration.ofSeconds(60)).until(() -> failedLoads() > failedBefore);
            assertThat(s3Proxy.triesWhileOff()).as("predict tried S3").isGreaterThan(refusedBefore);
            assertThat(JSON.readTree(get("/model").body()).path("version").asString())
                    .isEqualTo(serving);
        } finally {
            s3Proxy.switchOn();
        }
    }

    private long failedLoads() {
        return meters.timer("prodcat.model.loads", "outcome", "failed").count();
    }

    /** Feedback while MariaDB is cut (the statuses answered), then the same once it is back: stored. */
    private List<Integer> feedbackDuringADatabaseOutage(String text) throws Exception {
        String json = "{\"text\": \"" + text + " during an outage\", \"label\": \"dairy\"}";
        List<Integer> statuses = new ArrayList<>();
        database.proxy().switchOff();
        try {
            statuses.add(post("/feedback", json).statusCode());
        } finally {
            database.proxy().switchOn();
        }
        HttpResponse<String> after = BrokerRetries.untilNotUnavailable(() -> post("/feedback", json));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        assertThat(post("/feedback/export", "").statusCode()).isEqualTo(200); // no row left for the next test
        return statuses;
    }

    /** What is wrong with one answer: a failure, or labels of the other model than the version it names. */
    private static List<String> problems(HttpResponse<String> answer, Throwable error, String versionB) {
        if (error != null) {
            return List.of(error.toString());
        }
        if (answer.statusCode() != 200) {
            return List.of("HTTP " + answer.statusCode() + " " + answer.body());
        }
        JsonNode body = JSON.readTree(answer.body());
        // versionA and the configured model-a.prodcat are model A's file; versionB is model B's
        Set<String> labels = body.path("modelVersion").asString().equals(versionB) ? LABELS_B : LABELS_A;
        List<String> mixed = new ArrayList<>();
        body.path("results").forEach(result -> {
            if (!labels.contains(result.path("label").asString())) {
                mixed.add(body.toString());
            }
        });
        return mixed;
    }

    @Test
    void feedbackPastTheThresholdBecomesATrainingDatasetOnce() throws Exception {
        baseTraining();
        int datasetsBefore = store.list("dataset", "train/feedback-").size();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> stored = post(
                    "/feedback",
                    "{\"text\": \"hamster bedding " + i + "\", \"label\": \"pets\","
                            + " \"predictedLabel\": \"snacks\", \"modelVersion\": \"A\"}");
            assertThat(stored.statusCode()).isEqualTo(201);
        }
        S3Location exported = awaitFeedbackDataset("hamster bedding 4");
        String csv;
        try (InputStream in = store.open(exported)) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode second = JSON.readTree(post("/feedback/export", "").body());

        assertThat(csv).startsWith("product_name,department").contains("hamster bedding 4,pets");
        assertThat(csv.lines().count()).isEqualTo(1 + 20 + 5); // header, the last training's rows, the feedback
        assertThat(consumedInto(exported)).isEqualTo(5);
        assertThat(second.path("feedbackRows").asInt()).isZero();
        assertThat(store.list("dataset", "train/feedback-")).hasSize(datasetsBefore + 1);
    }

    /**
     * Cells that a spreadsheet would take for a formula are written as they came: the dataset is the training's input,
     * not a report, and an escaped cell would be another title to the model. The CSV reader gives back every
     * character (docs/SECURITY.md says so and why).
     */
    @Test
    void formulaLeadingTitlesAreExportedVerbatimAndReadBackIdentically() throws Exception {
        baseTraining();
        List<String> titles =
                List.of("=HYPERLINK(\"http://x\";\"milk\") 1l", "+49 sparkling water", "-20% yogurt", "@home snack");
        for (String title : titles) {
            String body = JSON.writeValueAsString(Map.of("text", title, "label", "dairy"));
            assertThat(post("/feedback", body).statusCode()).isEqualTo(201);
        }

        JsonNode exported = JSON.readTree(post("/feedback/export", "").body());

        List<io.prodcat.engine.dataset.LabelledText> rows;
        try (InputStream in =
                store.open(S3Location.parse(exported.path("dataset").asString()))) {
            rows = new io.prodcat.engine.dataset.CsvDatasetReader(
                            io.prodcat.engine.dataset.DatasetSchema.of("product_name", "department"),
                            io.prodcat.engine.dataset.ReadLimits.DEFAULT)
                    .read(in)
                    .rows();
        }
        assertThat(rows)
                .extracting(io.prodcat.engine.dataset.LabelledText::text)
                .containsAll(titles);
    }

    /**
     * An instance that claimed rows and then stopped (a crash, an S3 outage at the upload) leaves its export CLAIMED:
     * the next attempt, on any instance, finishes that export with the same rows and key, also through an outage.
     */
    @Test
    void anExportLeftHalfWayIsFinishedByTheNextAttemptWithTheSameRowsAndKey() throws Exception {
        baseTraining();
        int datasetsBefore = store.list("dataset", "train/feedback-").size();
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        List<Long> claimed = new ArrayList<>();
        for (String text : List.of("guinea pig hay", "parrot seed mix")) {
            claimed.add(feedback.insert(FeedbackRow.received(text, "pets", null, null, "shop", Instant.now())));
        }
        String exportId = UUID.randomUUID().toString();
        String key = "s3://dataset/train/feedback-" + exportId + ".csv";
        FeedbackExportDao exports = jdbi.onDemand(FeedbackExportDao.class);
        exports.insert(FeedbackExport.claimed(exportId, "s3://dataset/train/base.csv", key, Instant.now()));
        exports.claim(claimed, exportId);

        s3Proxy.switchOff();
        HttpResponse<String> duringOutage;
        try {
            duringOutage = post("/feedback/export", "");
        } finally {
            s3Proxy.switchOn();
        }
        JsonNode finished = JSON.readTree(post("/feedback/export", "").body());

        assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
        assertThat(finished.path("dataset").asString()).isEqualTo(key);
        assertThat(finished.path("feedbackRows").asInt()).isEqualTo(2);
        assertThat(consumedInto(S3Location.parse(key))).isEqualTo(2);
        String state = jdbi.withHandle(h -> h.createQuery("SELECT state FROM feedback_export WHERE id = :id")
                .bind("id", exportId)
                .mapTo(String.class)
                .one());
        assertThat(state).isEqualTo("DONE");
        assertThat(store.list("dataset", "train/feedback-")).hasSize(datasetsBefore + 1);
    }

    /**
     * Each step of a feedback export with the dependency it needs cut at that moment (S3's request lines mark the
     * steps; a step without one is cut from the start, and counts as hit when predict tried the dependency during the
     * cut): the export answers 503, and once the dependency is back the
     * next attempt finishes it. Afterwards both rows are consumed into one dataset that holds each of them once, and
     * no export is left CLAIMED. A new step is one more row here.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "take the lock and claim | MariaDB |",
                "read the base dataset   | S3      |",
                "write the dataset       | S3      | PUT /dataset/train/feedback-",
                "mark the rows consumed  | MariaDB | PUT /dataset/train/feedback-"
            })
    void aFaultAtAnyStepOfAnExportIsFinishedByTheNextAttemptExactlyOnce(String step, String dependency, String request)
            throws Exception {
        baseTraining();
        assertThat(post("/feedback/export", "").statusCode()).isEqualTo(200); // what earlier tests left
        int datasetsBefore = store.list("dataset", "train/feedback-").size();
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        List<String> texts = List.of("rabbit pellets " + UUID.randomUUID(), "aquarium gravel " + UUID.randomUUID());
        for (String text : texts) {
            feedback.insert(FeedbackRow.received(text, "pets", null, null, "shop", Instant.now()));
        }
        SwitchableProxy cutProxy = dependency.equals("S3") ? s3Proxy : database.proxy();
        java.util.function.BooleanSupplier cutFired;
        if (request == null) {
            cutFired = cutProxy.triedSince(cutProxy.triesWhileOff());
            cutProxy.switchOff();
        } else {
            cutFired = s3Proxy.onClientSends(request, cutProxy::switchOff);
        }
        HttpResponse<String> duringFault;
        try {
            duringFault = post("/feedback/export", "");
        } finally {
            s3Proxy.clearTriggers();
            s3Proxy.switchOn();
            database.proxy().switchOn();
        }
        HttpResponse<String> next = BrokerRetries.untilNotUnavailable(() -> post("/feedback/export", ""));

        assertThat(cutFired.getAsBoolean())
                .as(step + ": the cut fired at its step (" + dependency + " at " + request + ")")
                .isTrue();
        assertThat(duringFault.statusCode())
                .as(step + ": " + duringFault.body())
                .isEqualTo(503);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        S3Location dataset =
                S3Location.parse(JSON.readTree(next.body()).path("dataset").asString());
        assertThat(consumedInto(dataset)).isEqualTo(2);
        String csv;
        try (InputStream in = store.open(dataset)) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String text : texts) {
            assertThat(csv.lines().filter(line -> line.startsWith(text + ",")).count())
                    .as(text)
                    .isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM feedback_export WHERE state = 'CLAIMED'"))
                .isZero();
        assertThat(store.list("dataset", "train/feedback-")).hasSize(datasetsBefore + 1);
    }

    @Test
    void instancesExportingAtOnceWriteEveryRowIntoExactlyOneDataset() throws Exception {
        baseTraining();
        int datasetsBefore = store.list("dataset", "train/feedback-").size();
        long exportsBefore = count("SELECT COUNT(*) FROM feedback_export");
        for (int i = 0; i < 3; i++) {
            assertThat(post("/feedback", "{\"text\": \"cat litter " + i + "\", \"label\": \"pets\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        // two more predict instances: their own exporters, the same database and bucket
        PredictProperties.Dataset dataset =
                new PredictProperties.Dataset(List.of("dataset"), "train/", List.of("product_name"), "department");
        PredictProperties.Feedback settings =
                new PredictProperties.Feedback(5, true, 100, java.time.Duration.ofDays(7), 500, 1, 100_000, 100, 0.25);
        ExecutorService exporters = Executors.newFixedThreadPool(3);
        try (FeedbackLoop second = new FeedbackLoop(
                        () -> jdbi, store, settings, dataset, java.time.Clock.systemUTC(), Optional::empty);
                FeedbackLoop third = new FeedbackLoop(
                        () -> jdbi, store, settings, dataset, java.time.Clock.systemUTC(), Optional::empty)) {
            List<Future<?>> running = List.of(
                    exporters.submit(() -> post("/feedback/export", "")),
                    exporters.submit(second::exportNow),
                    exporters.submit(third::exportNow));
            for (Future<?> export : running) {
                export.get();
            }
        } finally {
            exporters.shutdown();
        }

        assertThat(count("SELECT COUNT(*) FROM feedback WHERE text LIKE 'cat litter %'"
                        + " AND consumed_dataset_hash IS NOT NULL"))
                .isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM feedback_export WHERE state = 'CLAIMED'"))
                .isZero();
        long exportsMade = count("SELECT COUNT(*) FROM feedback_export") - exportsBefore;
        assertThat(store.list("dataset", "train/feedback-")).hasSize(datasetsBefore + (int) exportsMade);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** A FINISHED training whose dataset (20 rows) feedback exports build on. */
    private static void baseTraining() {
        String base = SyntheticCatalog.csv(5, 3);
        putFile("s3://dataset/train/base.csv", base.getBytes(StandardCharsets.UTF_8));
        UUID training = UUID.randomUUID();
        TrainingDao trainings = jdbi.onDemand(TrainingDao.class);
        trainings.insert(TrainingRecord.running(
                training,
                Instant.now(),
                "e".repeat(40),
                "s3://dataset/train/base.csv",
                UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "cccccccc"));
        trainings.finish(training, "1".repeat(32), "checkpoint-1", 1, 1, "s3://models/a.prodcat", Instant.now(), 1);
        ModelMetricsDao metrics = jdbi.onDemand(ModelMetricsDao.class);
        metrics.insert(
                new ModelMetricsRow(null, Instant.now(), 1, 1, 1, 1, "1".repeat(32), training, "1", "holdout", 2));
        metrics.markPromoted(training); // exports build on the promoted training's dataset
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static long consumedInto(S3Location dataset) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM feedback WHERE consumed_dataset_path = :p")
                .bind("p", dataset.toString())
                .mapTo(Long.class)
                .one());
    }

    private static void putFile(String uri, byte[] bytes) {
        store.put(S3Location.parse(uri), new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
    }

    /** A new registered version of the served model whose file is {@code source}; returns its number. */
    private static String register(String source) {
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.client(), mlflow.trackingUri());
        String runId = new MlflowExperimentTracker(mlflow.client()).startRun("predict-it", "v", Map.of());
        registry.ensureRegisteredModel(MODEL);
        return registry.createVersion(MODEL, source, runId, Map.of()).version();
    }

    /**
     * {@code drift.detected} (PRODCAT_RETRAIN_ON_DRIFT=true) exports the feedback gathered so far below the threshold;
     * the same event again exports nothing more; only event senders may deliver it, and only that type.
     */
    @Test
    void driftDetectedExportsTheFeedbackGatheredSoFarOnce() throws Exception {
        baseTraining();
        post("/feedback/export", ""); // what earlier tests left
        for (int i = 0; i < 2; i++) { // below the threshold of 5: no export of its own
            assertThat(post("/feedback", "{\"text\": \"cordless drill " + i + "\", \"label\": \"pets\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        String eventId = UUID.randomUUID().toString();
        String detected =
                "{\"checkId\": \"c\", \"modelVersion\": \"1\", \"windowSize\": 300," + " \"fired\": [\"domain_auc\"]}";
        int datasetsBefore = store.list("dataset", "train/feedback-").size();

        assertThat(driftDetected(eventId, detected, null).statusCode()).isEqualTo(401);
        assertThat(driftDetected(eventId, detected, "Bearer " + ADMIN_KEY).statusCode())
                .isEqualTo(403);
        HttpResponse<String> first = driftDetected(eventId, detected, brokerToken());
        HttpResponse<String> again = driftDetected(eventId, detected, brokerToken());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode started = JSON.readTree(first.body());
        assertThat(started.path("retraining").asString()).isEqualTo("started");
        assertThat(started.path("feedbackRows").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(again.body()).path("retraining").asString())
                .isEqualTo("already started for this event");
        assertThat(store.list("dataset", "train/feedback-")).hasSize(datasetsBefore + 1);
        try (InputStream in =
                store.open(S3Location.parse(started.path("dataset").asString()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("cordless drill 1,pets");
        }
    }

    private HttpResponse<String> driftDetected(String id, String data, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/retrain-on-drift"))
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", "/prodcat/evaluate")
                .header("ce-type", "io.prodcat.drift.detected")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String brokerToken() {
        return "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE);
    }

    private HttpResponse<String> promote(String version, String weightsUri) throws Exception {
        return promote(MODEL, version, weightsUri);
    }

    private HttpResponse<String> promote(String model, String version, String weightsUri) throws Exception {
        String data = "{\"trainingId\":\"t\",\"runId\":\"r\",\"modelName\":\"" + model + "\",\"modelVersion\":\""
                + version + "\",\"weightsUri\":\"" + weightsUri + "\",\"f1\":1,\"minF1\":1,\"accuracy\":1,"
                + "\"weightedF1\":1,\"heldOutRows\":1,\"promoted\":true,\"reason\":\"test\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Authorization", "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE))
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/prodcat/evaluate")
                .header("ce-type", "io.prodcat.model.promoted")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The first load from S3 builds the MinIO client (seconds on a busy machine): a minute is an upper bound. */
    private void awaitVersion(String version) {
        ServedVersion.await(port, null, version);
    }

    private void awaitReady() {
        await("readiness")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    }

    /**
     * The export's transaction marks the rows only after the upload finished, so the committed mark is the signal;
     * listing the bucket instead races with the upload (S3Proxy shows its in-progress temporary key).
     */
    private S3Location awaitFeedbackDataset(String withText) {
        String marked = await("a feedback dataset written")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> jdbi.withHandle(h -> h.createQuery(
                                        "SELECT consumed_dataset_path FROM feedback WHERE text = :t AND consumed_dataset_path IS NOT NULL")
                                .bind("t", withText)
                                .mapTo(String.class)
                                .findOne()),
                        Optional::isPresent)
                .orElseThrow();
        return S3Location.parse(marked);
    }

    /** {@code GET /model} with the admin key: the model's source and provenance too. */
    private HttpResponse<String> modelAsAdmin() throws Exception {
        return send("GET", "/model", "Bearer " + ADMIN_KEY, null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the role each path needs: the admin key, the feedback key, or anonymous (role predict). */
    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (path.equals("/reload") || path.equals("/feedback/export") || path.startsWith("/admin/")) {
            request.header("Authorization", "Bearer " + ADMIN_KEY);
        } else if (path.equals("/feedback")) {
            request.header("Authorization", "Bearer " + FEEDBACK_KEY);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
