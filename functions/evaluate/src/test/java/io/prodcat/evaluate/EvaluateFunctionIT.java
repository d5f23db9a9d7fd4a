package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.MlflowExperimentTracker;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.events.EventType;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.testkit.BrokerRetries;
import io.prodcat.testkit.CuttableDependencies;
import io.prodcat.testkit.FaultInjectingHttpProxy;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SwitchableProxy;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.TokenIssuer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
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

/**
 * The evaluate function against real MariaDB, S3 (S3Proxy) and MLflow. Models are trained here with the engine,
 * as the train function would. Each test starts with no champion and trains the models it needs, so they run in any
 * order; figures about the registry are counted before and after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "evaluate")
@ExtendWith(MlflowExtension.class)
class EvaluateFunctionIT {

    private static final ModelRegistry.AliasChange BY_TEST = new ModelRegistry.AliasChange("test", "set by the test");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "prodcat-evaluate-it";
    private static final DatasetSchema SCHEMA = DatasetSchema.of("product_name", "department");
    private static final String AUDIENCE = "prodcat-evaluate";
    private static final String REFERENCE = "s3://dataset/reference/clean.csv";
    private static final String SCHEMA_V2 =
            EventType.TRAINING_COMPLETED.dataSchema().toString();

    private static S3Server s3;
    private static MlflowServer mlflow;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static SwitchableProxy mlflowProxy;
    private static SwitchableProxy s3Proxy;
    private static MariaDbServer.Cuttable database;
    private static CuttableDependencies faults;
    private static FaultInjectingHttpProxy mlflowFaults;
    private static MinioObjectStore store;
    private static ExperimentTracker tracker;
    private static TrainedModels models;
    private static TokenIssuer issuer;

    @LocalServerPort
    private int port;

    @org.springframework.beans.factory.annotation.Autowired
    private EvaluationJob job;

    @BeforeAll
    static void servers(FunctionServers.Servers servers, MlflowServer mlflowServer) {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        mlflow = mlflowServer;
        jdbcUrl = servers.jdbcUrl();
        DataSource dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        mlflowProxy = SwitchableProxy.to(mlflow.trackingUri());
        mlflowFaults = FaultInjectingHttpProxy.to(mlflowProxy.url());
        s3Proxy = SwitchableProxy.to(s3.endpoint());
        database = MariaDbServer.cuttable(jdbcUrl);
        faults = new CuttableDependencies(s3Proxy, database.proxy(), mlflowFaults);
        store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        byte[] reference = SyntheticCatalog.csv(20, 42).getBytes(StandardCharsets.UTF_8);
        store.put(S3Location.parse(REFERENCE), new ByteArrayInputStream(reference), reference.length, "text/csv");
        tracker = new MlflowExperimentTracker(mlflow.client());
        models = new TrainedModels(store, jdbi, tracker);
        issuer = TokenIssuer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minio.endpoint", () -> s3Proxy.url());
        mariaDb.registerProperties(registry::add, database.jdbcUrl());
        registry.add("mlflow.tracking-uri", () -> mlflowFaults.url());
        registry.add("prodcat.model.name", () -> MODEL);
        registry.add("prodcat.gate.reference-uri", () -> REFERENCE);
        issuer.registerProperties(registry::add, AUDIENCE);
    }

    /** No champion: every test decides what the registry holds before its event arrives. */
    @BeforeEach
    void noChampion() throws Exception {
        String alias = "/api/2.0/mlflow/registered-models/alias";
        HttpResponse<String> deleted = HTTP.send(
                HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + alias))
                        .header("Content-Type", "application/json")
                        .method(
                                "DELETE",
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"" + MODEL + "\",\"alias\":\"champion\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 404); // 404: no model registered yet
        HttpResponse<String> left = HTTP.send(
                HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + alias + "?name=" + MODEL + "&alias=champion"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(left.statusCode() == 404 || left.body().contains("alias champion not found"))
                .as("no champion left: " + left.body())
                .isTrue();
    }

    @AfterAll
    static void stop() {
        if (mlflowProxy != null) { // null when a server failed to start: that failure is the one to report
            mlflowProxy.close();
            mlflowFaults.close();
            s3Proxy.close();
            database.close();
            issuer.close();
        }
    }

    @Test
    void firstModelIsEvaluatedRecordedRegisteredAndPromoted() throws Exception {
        jdbi.onDemand(FeedbackDao.class)
                .insert(FeedbackRow.received(
                        "greek yogurt family pack", "dairy", "snacks", null, "shop", Instant.now()));
        TrainingCompleted first = models.trained("catalog", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        int versionsBefore = registeredVersions();

        HttpResponse<String> reply = postEvent(first, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        assertThat(reply.headers().firstValue("ce-source")).contains("/prodcat/evaluate");
        assertThat(reply.headers().firstValue("ce-dataschema"))
                .contains(EventType.MODEL_PROMOTED.dataSchema().toString());
        JsonNode result = JSON.readTree(reply.body());
        String version = result.path("modelVersion").asString();
        assertThat(registeredVersions()).isEqualTo(versionsBefore + 1);
        assertThat(champion()).isEqualTo(version);
        assertThat(result.path("weightsUri").asString()).isEqualTo(first.weightsUri());
        assertThat(result.path("f1").asDouble()).isGreaterThan(0.9);

        Map<String, Object> holdout = metricsRow(first.trainingId(), "holdout");
        assertThat(holdout.get("model_version")).isEqualTo(version);
        assertThat(holdout.get("promoted")).isIn(true, 1, (byte) 1, Boolean.TRUE);
        assertThat(((Number) holdout.get("sample_count")).intValue())
                .as("about 10 % of 160 rows, drawn by title")
                .isEqualTo(result.path("heldOutRows").asInt())
                .isBetween(8, 32);
        assertThat(metricsRow(first.trainingId(), "feedback").get("sample_count"))
                .isEqualTo(1);

        JsonNode run = mlflowGet("runs/get?run_id=" + first.runId())
                .path("run")
                .path("data")
                .path("metrics");
        assertThat(run.toString())
                .contains("test_macro_f1")
                .contains("test_min_f1")
                .contains("test_f1_dairy")
                .contains("feedback_macro_f1");
        JsonNode files = mlflowGet("artifacts/list?run_id=" + first.runId() + "&path=evaluation")
                .path("files");
        assertThat(files.valueStream().map(file -> file.path("path").asString()))
                .containsExactlyInAnyOrder(
                        "evaluation/confusion-matrix.png", "evaluation/f1-history.png", "evaluation/per-class.csv");
        assertThat(files.valueStream().mapToLong(file -> file.path("file_size").asLong()))
                .allMatch(size -> size > 100);
        assertPicturesDecode(first.runId(), "synthetic");
    }

    @Test
    void aModelWhoseLabelsArePathsIsScoredPerLevelInTheDatabaseAndTheRun() throws Exception {
        TrainingCompleted event = models.trainedWithPaths("paths", SyntheticCatalog.pathCsv(40, 5), " > ");

        HttpResponse<String> reply = postEvent(event, true);
        HttpResponse<String> again = postEvent(event, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        Map<String, Object> holdout = metricsRow(event.trainingId(), "holdout");
        long metricsId = ((Number) holdout.get("id")).longValue();
        List<Map<String, Object>> levels = jdbi.withHandle(
                handle -> handle.createQuery("SELECT * FROM model_metrics_level WHERE metrics_id = :id ORDER BY level")
                        .bind("id", metricsId)
                        .mapToMap()
                        .list());
        assertThat(levels).hasSize(2);
        assertThat(levels.get(0)).containsEntry("classes", 3); // drinks, food, pets
        assertThat(levels.get(1)).containsEntry("classes", 4);
        assertThat(((Number) levels.get(1).get("f1")).doubleValue())
                .as("f1 keeps meaning the leaf level")
                .isEqualTo(((Number) holdout.get("f1")).doubleValue());
        assertThat(((Number) levels.get(0).get("accuracy")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) levels.get(1).get("accuracy")).doubleValue());
        assertThat(((Number) holdout.get("hierarchical_f1")).doubleValue()).isBetween(0.5, 1.0);
        assertThat(count("SELECT COUNT(*) FROM model_metrics_back_off WHERE metrics_id = " + metricsId))
                .isEqualTo(4);
        assertThat(mlflowGet("runs/get?run_id=" + event.runId())
                        .path("run")
                        .path("data")
                        .path("metrics")
                        .toString())
                .contains("test_level1_macro_f1")
                .contains("test_level2_min_f1")
                .contains("test_hierarchical_f1")
                .contains("test_back_off_50_accuracy");
    }

    @Test
    void redeliveredEventChangesNothing() throws Exception {
        TrainingCompleted event = models.trained("catalog", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        String version = evaluatedVersion(event);
        long rowsBefore = count("SELECT COUNT(*) FROM model_metrics");
        int versionsBefore = registeredVersions();

        HttpResponse<String> reply = postEvent(event, false); // structured mode this time

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        // it is the champion: the promotion is announced again, in case the first announcement was lost
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        assertThat(JSON.readTree(reply.body()).path("reason").asString())
                .contains("already evaluated as version " + version);
        assertThat(count("SELECT COUNT(*) FROM model_metrics")).isEqualTo(rowsBefore);
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
        assertThat(champion()).isEqualTo(version);
    }

    @Test
    void worseModelIsRegisteredButNotPromoted() throws Exception {
        TrainingCompleted good = models.trained("catalog", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        String championVersion =
                JSON.readTree(postEvent(good, true).body()).path("modelVersion").asString();
        // trained on rotated labels (dairy called snacks, …): a model that is wrong on purpose
        List<String> labels = List.of("beverages", "dairy", "pets", "snacks");
        TrainingCompleted worse = models.trained(
                "catalog",
                SyntheticCatalog.csv(40, 1),
                label -> labels.get((labels.indexOf(label) + 1) % labels.size()));

        HttpResponse<String> reply = postEvent(worse, true);

        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.completed");
        JsonNode result = JSON.readTree(reply.body());
        assertThat(result.path("promoted").asBoolean()).isFalse();
        assertThat(result.path("reason").asString()).contains("below");
        assertThat(Integer.parseInt(result.path("modelVersion").asString()))
                .isGreaterThan(Integer.parseInt(championVersion));
        assertThat(champion()).isEqualTo(championVersion);
    }

    @Test
    void aPoisonedModelThatWinsOnItsOwnHoldoutIsNotPromotedBecauseItLosesOnTheReferenceSet() throws Exception {
        TrainingCompleted clean = models.trained("catalog", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        String championVersion = evaluatedVersion(clean);
        // every dairy product labelled snacks: the poisoned dataset's own held-out rows say so too
        TrainingCompleted poisoned = models.trained(
                "poisoned", SyntheticCatalog.csv(40, 1).replace(",dairy\n", ",snacks\n"), UnaryOperator.identity());

        HttpResponse<String> reply = postEvent(poisoned, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.completed");
        JsonNode result = JSON.readTree(reply.body());
        assertThat(result.path("f1").asDouble())
                .as("it wins on its own held-out rows")
                .isGreaterThan(0.9);
        assertThat(result.path("reason").asString()).contains("trusted reference set");
        assertThat(champion()).isEqualTo(championVersion);
    }

    /**
     * Honest feedback on real titles: the champion was trained on a catalogue where the yogurts of its training part
     * were filed under snacks; the export corrects them (each correction replaces its title's row) and adds nothing
     * else. The two are compared on the candidate's held-out rows that neither trained on, so the champion is not
     * scored on its own training rows (where it would look better than any candidate), and the correction is promoted.
     */
    @Test
    void anHonestCorrectionIsComparedOnRowsNeitherModelTrainedOnAndPromoted() throws Exception {
        List<String> lines = Files.readAllLines(io.prodcat.testkit.SharedData.file("instacart/train.csv"))
                .subList(0, 6001);
        StringBuilder mislabelled = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder corrected = new StringBuilder(lines.get(0)).append('\n');
        StringBuilder corrections = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            boolean trainingYogurt = line.endsWith(",dairy eggs")
                    && line.toLowerCase(java.util.Locale.ROOT).contains("yogurt")
                    && io.prodcat.engine.features.TextKey.position(
                                    line.substring(line.indexOf(',') + 1, line.lastIndexOf(',')), 7)
                            >= 0.1;
            mislabelled
                    .append(trainingYogurt ? line.replace(",dairy eggs", ",snacks") : line)
                    .append('\n');
            (trainingYogurt ? corrections : corrected).append(line).append('\n');
        }
        assertThat(corrections.toString().lines()).hasSizeGreaterThan(60);
        TrainingCompleted champion = models.trained(
                "yogurt-as-snacks", mislabelled.toString(), UnaryOperator.identity(), Hyperparameters.DEFAULT);
        String championVersion = evaluatedVersion(champion);
        new io.prodcat.adapters.tracking.MlflowModelRegistry(mlflow.client(), mlflow.trackingUri())
                .setAlias(MODEL, "champion", championVersion, BY_TEST); // whatever champion the other tests left
        TrainingCompleted candidate = models.trained(
                "yogurt-corrected",
                corrected.append(corrections).toString(),
                UnaryOperator.identity(),
                Hyperparameters.DEFAULT);

        HttpResponse<String> reply = postEvent(candidate, true);

        JsonNode result = JSON.readTree(reply.body());
        assertThat(reply.headers().firstValue("ce-type")).as(result.toString()).contains("io.prodcat.model.promoted");
        assertThat(result.path("reason").asString()).contains("held-out rows neither model trained on");
        assertThat(champion()).isEqualTo(result.path("modelVersion").asString()).isNotEqualTo(championVersion);
    }

    @Test
    void acceptsVersion1TrainingCompletedForOneRelease() throws Exception {
        TrainingCompleted event = models.trained("catalog-v1", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        // version 1: columns comma-joined, no manifest, the split's fraction and seed; no dataschema attribute
        String v1 =
                "{\"trainingId\":\"" + event.trainingId() + "\",\"runId\":\"" + event.runId() + "\",\"datasetPath\":\""
                        + event.datasetPath() + "\",\"datasetHash\":\"" + event.datasetHash() + "\",\"weightsUri\":\""
                        + event.weightsUri() + "\",\"bestCheckpoint\":\"checkpoint-1\",\"validationF1\":1,"
                        + "\"validationMinF1\":1,\"textColumns\":\"product_name\",\"labelColumn\":\"department\","
                        + "\"holdoutFraction\":0.1,\"holdoutSeed\":7}";

        HttpResponse<String> reply = post(v1.getBytes(StandardCharsets.UTF_8), trainingCompletedHeaders(null));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("heldOutRows").asInt())
                .isEqualTo(16); // the same rows as the manifest
    }

    @Test
    void aForgedTrainingCompletedThatDisagreesWithTheLedgerIsRefusedAndRegistersNothing() throws Exception {
        TrainingCompleted real = models.trained("catalog", SyntheticCatalog.csv(40, 1), UnaryOperator.identity());
        TrainingCompleted other = models.trained("other", SyntheticCatalog.csv(40, 9), UnaryOperator.identity());
        List<TrainingCompleted> forged = List.of(
                forged(real, Map.of("weightsUri", other.weightsUri())),
                forged(real, Map.of("holdoutManifestUri", other.holdoutManifestUri())),
                forged(real, Map.of("datasetPath", other.datasetPath(), "datasetHash", other.datasetHash())),
                forged(real, Map.of("runId", other.runId())));
        int versionsBefore = registeredVersions();

        for (TrainingCompleted event : forged) {
            HttpResponse<String> reply = postEvent(event, true);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.failed");
            assertThat(JSON.readTree(reply.body()).path("reason").asString()).contains("disagrees with the ledger");
        }
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
        assertThat(count("SELECT COUNT(*) FROM model_metrics WHERE training_id = '" + real.trainingId() + "'"))
                .isZero();
    }

    @Test
    void unknownOrUnfinishedTrainingsFailCleanlyAndRegisterNothing() throws Exception {
        int versionsBefore = registeredVersions();
        TrainingCompleted unknown = new TrainingCompleted(
                UUID.randomUUID().toString(),
                "0".repeat(32),
                "s3://dataset/none.csv",
                "0".repeat(40),
                "s3://models/none",
                "s3://models/none.json",
                "checkpoint-1",
                0,
                0,
                List.of("product_name"),
                "department");
        UUID failedId = UUID.randomUUID();
        jdbi.onDemand(TrainingDao.class)
                .insert(TrainingRecord.running(
                        failedId, Instant.now(), "f".repeat(40), "s3://dataset/bad.csv", "c".repeat(40)));
        jdbi.onDemand(TrainingDao.class).stop(failedId, TrainingStatus.FAILED, "empty label", Instant.now(), 1);
        TrainingCompleted failed = new TrainingCompleted(
                failedId.toString(),
                "1".repeat(32),
                "s3://dataset/bad.csv",
                "f".repeat(40),
                "s3://models/none",
                "s3://models/none.json",
                "checkpoint-1",
                0,
                0,
                List.of("product_name"),
                "department");

        for (TrainingCompleted event : List.of(unknown, failed)) {
            HttpResponse<String> reply = postEvent(event, true);
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.failed");
            assertThat(JSON.readTree(reply.body()).path("reason").asString())
                    .contains(event.trainingId().substring(0, 8));
        }
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
    }

    @Test
    void mlflowOutageAnswers503AndTheRetryCompletesOnce() throws Exception {
        TrainingCompleted third = models.trained("other", SyntheticCatalog.csv(40, 9), UnaryOperator.identity());
        int versionsBefore = registeredVersions();

        mlflowProxy.switchOff();
        HttpResponse<String> duringOutage;
        try {
            duringOutage = postEvent(third, true);
        } finally {
            mlflowProxy.switchOn();
        }
        HttpResponse<String> retry = postEvent(third, true);

        assertThat(duringOutage.statusCode()).isEqualTo(503);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM model_metrics WHERE training_id = '" + third.trainingId()
                        + "' AND evaluated_on = 'holdout'"))
                .isEqualTo(1);
        assertThat(registeredVersions()).isEqualTo(versionsBefore + 1);
    }

    /**
     * The cross cells of the table below: a dependency cut after the evaluation's last call to it fails nothing. The
     * delivery promotes (200, champion moved, one version) although the dependency is down, so no needless 503 asks
     * the Broker for a redelivery.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // not at model-versions/create: the gate reads the reference set from S3 after registering
                "set the alias | S3 | POST /api/2.0/mlflow/registered-models/alias"
            })
    void aDependencyCutAfterItsLastUseFailsNothing(String step, String dependency, String request) throws Exception {
        TrainingCompleted done = models.trained(
                "cross-" + step.replace(' ', '-'), SyntheticCatalog.csv(40, 12), UnaryOperator.identity());
        int versionsBefore = registeredVersions();

        CuttableDependencies.DuringCut<HttpResponse<String>> fault =
                faults.call(dependency, request, () -> postEvent(done, true));
        HttpResponse<String> duringFault = fault.answer();

        assertThat(fault.fired()).as(step + ": the cut fired").isTrue();
        assertThat(duringFault.statusCode())
                .as(step + ": " + duringFault.body())
                .isEqualTo(200);
        assertThat(duringFault.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        assertThat(champion())
                .isEqualTo(
                        JSON.readTree(duringFault.body()).path("modelVersion").asString());
        assertThat(registeredVersions()).isEqualTo(versionsBefore + 1);
    }

    /**
     * Each step of an evaluation with the dependency it needs cut at that moment, on the first delivery: MLflow's
     * calls are failed (503 until healed) or mark the step at which S3 or the database is switched off; a step
     * without a request of its own is cut from the start. The delivery answers 503, and the redelivery after the fault
     * (503s retried as the Broker does) resumes at that step. Afterwards exactly one metrics row and one version
     * exist, the gate's verdict is recorded, the champion is the model, and a further redelivery announces it again,
     * changing nothing. A new step is one more row here.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "find the training     | MariaDB |",
                "load the model        | S3      |",
                "look up the champion  | MLflow  | GET /api/2.0/mlflow/registered-models/alias",
                "record the figures    | MariaDB | GET /api/2.0/mlflow/registered-models/alias",
                "log the figures       | MLflow  | POST /api/2.0/mlflow/runs/log-metric",
                "upload the charts     | MLflow  | PUT /api/2.0/mlflow-artifacts/artifacts/",
                "mark them reported    | MariaDB | PUT /api/2.0/mlflow-artifacts/artifacts/",
                "register the version  | MLflow  | POST /api/2.0/mlflow/model-versions/create",
                "record the version    | MariaDB | POST /api/2.0/mlflow/model-versions/create",
                "set the alias         | MLflow  | POST /api/2.0/mlflow/registered-models/alias",
                "record the promotion  | MariaDB | POST /api/2.0/mlflow/registered-models/alias"
            })
    void aFaultAtAnyStepIsResumedByTheRedeliveryExactlyOnce(String step, String dependency, String request)
            throws Exception {
        TrainingCompleted done = models.trained(
                "fault-" + step.replace(' ', '-'), SyntheticCatalog.csv(40, 11), UnaryOperator.identity());
        int versionsBefore = registeredVersions();

        CuttableDependencies.DuringCut<HttpResponse<String>> fault =
                faults.call(dependency, request, () -> postEvent(done, true));
        HttpResponse<String> duringFault = fault.answer();
        HttpResponse<String> resumed = BrokerRetries.untilNotUnavailable(() -> postEvent(done, true));
        HttpResponse<String> again = postEvent(done, true);

        assertThat(fault.fired())
                .as(step + ": the cut fired at its step (" + dependency + " at " + request + ")")
                .isTrue();
        assertThat(duringFault.statusCode())
                .as(step + ": " + duringFault.body())
                .isEqualTo(503);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        String version = JSON.readTree(resumed.body()).path("modelVersion").asString();
        assertThat(champion()).isEqualTo(version);
        assertThat(registeredVersions()).isEqualTo(versionsBefore + 1);
        Map<String, Object> row = metricsRow(done.trainingId(), "holdout");
        assertThat(row.get("model_version")).isEqualTo(version);
        assertThat(row.get("gate_verdict")).isEqualTo("PROMOTE");
        assertThat(row.get("promoted")).isEqualTo(true);
        assertThat(row.get("reported")).isEqualTo(true);
        assertThat(count("SELECT COUNT(*) FROM model_metrics WHERE training_id = '" + done.trainingId()
                        + "' AND evaluated_on = 'holdout'"))
                .isEqualTo(1);
        assertThat(again.headers().firstValue("ce-type")).as("announced again").contains("io.prodcat.model.promoted");
        assertThat(registeredVersions()).isEqualTo(versionsBefore + 1);
    }

    @Test
    void aBetterModelDisplacesTheChampion() throws Exception {
        // trained on rotated labels (dairy called snacks, …): a poor champion
        List<String> labels = List.of("beverages", "dairy", "pets", "snacks");
        TrainingCompleted poor = models.trained(
                "displaced",
                SyntheticCatalog.csv(40, 17),
                label -> labels.get((labels.indexOf(label) + 1) % labels.size()));
        String poorVersion = evaluatedVersion(poor);
        assertThat(champion()).isEqualTo(poorVersion);
        TrainingCompleted better = models.trained("displacing", SyntheticCatalog.csv(40, 17), UnaryOperator.identity());

        HttpResponse<String> reply = postEvent(better, true);

        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        JsonNode result = JSON.readTree(reply.body());
        assertThat(result.path("reason").asString()).contains("reaches the champion's");
        assertThat(champion()).isEqualTo(result.path("modelVersion").asString()).isNotEqualTo(poorVersion);
        assertThat(metricsRow(better.trainingId(), "holdout").get("promoted")).isEqualTo(true);
    }

    @Test
    void aChampionWhoseWeightsAreGoneDoesNotBlockPromotionForever() throws Exception {
        TrainingCompleted first =
                models.trained("lost-weights", SyntheticCatalog.csv(40, 12), UnaryOperator.identity());
        String lost = JSON.readTree(postEvent(first, true).body())
                .path("modelVersion")
                .asString();
        assertThat(champion()).isEqualTo(lost);
        s3.client()
                .removeObject(io.minio.RemoveObjectArgs.builder()
                        .bucket("models")
                        .object(S3Location.parse(first.weightsUri()).key())
                        .build());
        TrainingCompleted next = models.trained("after-lost", SyntheticCatalog.csv(40, 13), UnaryOperator.identity());

        HttpResponse<String> reply = postEvent(next, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        assertThat(JSON.readTree(reply.body()).path("reason").asString())
                .contains("version " + lost + ") cannot be compared: its weights are missing");
        assertThat(champion())
                .isEqualTo(JSON.readTree(reply.body()).path("modelVersion").asString());
        assertThat(metricsRow(next.trainingId(), "holdout").get("gate_reason").toString())
                .contains("compared by its recorded figures on the trusted reference set");
    }

    /**
     * The champion's weights are gone, and a candidate that files every dairy product under snacks arrives: the
     * champion's figures recorded on the reference when it was judged stand for it, and the candidate is refused,
     * naming the class it breaks.
     */
    @Test
    void aChampionWhoseWeightsAreGoneStillRefusesAWorseCandidateByItsRecordedFigures() throws Exception {
        TrainingCompleted first =
                models.trained("recorded-champion", SyntheticCatalog.csv(40, 21), UnaryOperator.identity());
        String recorded = evaluatedVersion(first);
        assertThat(champion()).isEqualTo(recorded);
        s3.client()
                .removeObject(io.minio.RemoveObjectArgs.builder()
                        .bucket("models")
                        .object(S3Location.parse(first.weightsUri()).key())
                        .build());
        TrainingCompleted poisoned = models.trained(
                "recorded-poisoned",
                SyntheticCatalog.csv(40, 22).replace(",dairy\n", ",snacks\n"),
                UnaryOperator.identity());

        HttpResponse<String> reply = postEvent(poisoned, true);

        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.completed");
        assertThat(JSON.readTree(reply.body()).path("reason").asString())
                .contains("its weights are missing")
                .contains("trusted reference set")
                .contains("classes that regressed: ")
                .contains("dairy 1.000 -> 0.000 (20 rows)");
        assertThat(champion()).isEqualTo(recorded);
        assertThat(metricsRow(poisoned.trainingId(), "holdout").get("gate_reference_id"))
                .isNotNull();
    }

    @Test
    void aVersionTrainedAfterAParentNamesTheParentsVersionInItsTags() throws Exception {
        TrainingCompleted parent =
                models.trained("lineage-parent", SyntheticCatalog.csv(40, 51), UnaryOperator.identity());
        TrainingCompleted child =
                models.trainedAfter("lineage-child", SyntheticCatalog.csv(40, 52), models.parent(parent, "17"));

        HttpResponse<String> reply = postEvent(child, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        String version = JSON.readTree(reply.body()).path("modelVersion").asString();
        JsonNode tags = mlflowGet("model-versions/get?name=" + MODEL + "&version=" + version)
                .path("model_version")
                .path("tags");
        Map<String, String> byKey = tags.valueStream()
                .collect(java.util.stream.Collectors.toMap(
                        tag -> tag.path("key").asString(),
                        tag -> tag.path("value").asString()));
        assertThat(byKey)
                .containsEntry("parent_version", "17")
                .containsEntry("training_id", child.trainingId())
                .containsKey("start");
        assertThat(byKey.get("start")).isIn("warm", "cold");
    }

    @Test
    void aChampionWhoseWeightsAreNotInS3IsJudgedAsNoChampion() throws Exception {
        io.prodcat.adapters.tracking.MlflowModelRegistry registry =
                new io.prodcat.adapters.tracking.MlflowModelRegistry(mlflow.client(), mlflow.trackingUri());
        registry.ensureRegisteredModel(MODEL);
        String elsewhere = registry.createVersion(
                        MODEL,
                        "gs://elsewhere/model.prodcat",
                        tracker.startRun("evaluate-it", "registered-by-hand", Map.of()),
                        Map.of())
                .version();
        registry.setAlias(MODEL, "champion", elsewhere, BY_TEST);
        TrainingCompleted next =
                models.trained("after-elsewhere", SyntheticCatalog.csv(40, 18), UnaryOperator.identity());

        HttpResponse<String> reply = postEvent(next, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.model.promoted");
        assertThat(JSON.readTree(reply.body()).path("reason").asString())
                .contains("version " + elsewhere + ") cannot be compared: its weights are not in S3");
        assertThat(champion()).isNotEqualTo(elsewhere);
    }

    /** Before loading anything, a dataset and model files the heap cannot hold are a final evaluation.failed. */
    @Test
    void dataTooLargeForTheInstanceIsRefusedBeforeLoadingAndNothingIsRecorded() throws Exception {
        TrainingCompleted done = models.trained("too-large", SyntheticCatalog.csv(40, 19), UnaryOperator.identity());
        int versionsBefore = registeredVersions();

        EvaluateOutcome outcome = job.onHeap(new io.prodcat.function.support.HeapBudget(64L << 20))
                .run(done, new HoldoutSource.Manifest(done.holdoutManifestUri()));

        assertThat(outcome).isInstanceOf(EvaluateOutcome.Failed.class);
        assertThat(((io.prodcat.events.EvaluationFailed) outcome.event()).reason())
                .matches("too large for this instance: \\d+ bytes, needs ~\\d+ MB, heap 64 MB.*");
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
        assertThat(count("SELECT COUNT(*) FROM model_metrics WHERE training_id = '" + done.trainingId() + "'"))
                .isZero();
    }

    @Test
    void aDamagedOrMissingModelFileIsAFinalFailureNotAnOutage() throws Exception {
        TrainingCompleted damaged = models.trained("damaged", SyntheticCatalog.csv(40, 14), UnaryOperator.identity());
        TrainingCompleted missing = models.trained("missing", SyntheticCatalog.csv(40, 15), UnaryOperator.identity());
        byte[] garbage = "PRODCAT? not a model".getBytes(StandardCharsets.UTF_8);
        store.put(
                S3Location.parse(damaged.weightsUri()),
                new ByteArrayInputStream(garbage),
                garbage.length,
                "application/octet-stream");
        s3.client()
                .removeObject(io.minio.RemoveObjectArgs.builder()
                        .bucket("models")
                        .object(S3Location.parse(missing.weightsUri()).key())
                        .build());
        int versionsBefore = registeredVersions();

        HttpResponse<String> damagedReply = postEvent(damaged, true);
        HttpResponse<String> missingReply = postEvent(missing, true);

        for (HttpResponse<String> reply : List.of(damagedReply, missingReply)) {
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.failed");
        }
        assertThat(JSON.readTree(damagedReply.body()).path("reason").asString()).contains("damaged");
        assertThat(JSON.readTree(missingReply.body()).path("reason").asString()).contains("gone");
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
    }

    /**
     * Events of the right type whose data cannot be evaluated are final: evaluation.failed with 2xx (the Broker does
     * not retry), naming what is wrong, with nothing recorded or registered. Each was a 503 (endless retries) before.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no text columns (v2)        | 2 | \"textColumns\":[]                | textColumns",
                "no label column (v2)        | 2 | \"labelColumn\":null              | labelColumn",
                "no manifest (v2)            | 2 | \"holdoutManifestUri\":null       | holdoutManifestUri",
                "training id not a UUID (v2) | 2 | \"trainingId\":\"training-7\"     | UUID",
                "no run id (v2)              | 2 | \"runId\":null                    | runId",
                "no holdout fraction (v1)    | 1 | \"holdoutFraction\":0             | holdoutFraction",
                "a fraction of 1.5 (v1)      | 1 | \"holdoutFraction\":1.5           | holdoutFraction"
            })
    void anEventThatCannotBeEvaluatedIsAFinalEvaluationFailed(String name, int version, String change, String named)
            throws Exception {
        TrainingCompleted done = models.trained("unusable", SyntheticCatalog.csv(40, 16), UnaryOperator.identity());
        tools.jackson.databind.node.ObjectNode data = JSON.valueToTree(done);
        if (version == 1) {
            data.remove("holdoutManifestUri");
            data.put("textColumns", "product_name");
            data.put("holdoutSeed", 7);
        }
        JsonNode changed = JSON.readTree("{" + change + "}");
        changed.properties().forEach(field -> data.set(field.getKey(), field.getValue()));
        int versionsBefore = registeredVersions();

        HttpResponse<String> reply =
                post(JSON.writeValueAsBytes(data), trainingCompletedHeaders(version == 2 ? SCHEMA_V2 : null));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.evaluation.failed");
        assertThat(JSON.readTree(reply.body()).path("reason").asString()).contains(named);
        assertThat(registeredVersions()).isEqualTo(versionsBefore);
        assertThat(count("SELECT COUNT(*) FROM model_metrics WHERE training_id = '" + done.trainingId() + "'"))
                .isZero();
    }

    @Test
    void otherEventTypesAreRejected() throws Exception {
        HttpResponse<String> reply = post(
                "{}".getBytes(),
                Map.of(
                        "ce-specversion",
                        "1.0",
                        "ce-id",
                        "1",
                        "ce-source",
                        "/test",
                        "ce-type",
                        "io.prodcat.dataset.uploaded",
                        "Content-Type",
                        "application/json"));

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(reply.body()).contains("io.prodcat.training.completed");
    }

    @Test
    void evaluatesAModelTrainedOnTheDevSplit() throws Exception {
        String csv = Files.readString(io.prodcat.testkit.SharedData.file("instacart/train.csv"));
        TrainingCompleted dev = models.trained("instacart", csv, UnaryOperator.identity(), Hyperparameters.DEFAULT);

        HttpResponse<String> reply = postEvent(dev, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(reply.body());
        assertThat(result.path("f1").asDouble()).isGreaterThan(0.7);
        assertThat(result.path("heldOutRows").asInt()).isBetween(3900, 4100); // 10 % of 39,751 rows, per class
        JsonNode files = mlflowGet("artifacts/list?run_id=" + dev.runId() + "&path=evaluation")
                .path("files");
        assertPicturesDecode(dev.runId(), "dev-split");
        org.slf4j.LoggerFactory.getLogger(EvaluateFunctionIT.class)
                .info(
                        "dev split: reply {} {}; artifacts {}",
                        reply.headers().firstValue("ce-type").orElseThrow(),
                        result,
                        files);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** The run's PNGs decode as images; copies go to target/evaluation-artifacts for people to look at. */
    private static void assertPicturesDecode(String runId, String copyPrefix) throws Exception {
        for (String png : List.of("confusion-matrix.png", "f1-history.png")) {
            byte[] image = HTTP.send(
                            HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + "/get-artifact?run_id=" + runId
                                            + "&path=evaluation/" + png))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new ByteArrayInputStream(image));
            assertThat(decoded).as(png).isNotNull();
            assertThat(decoded.getWidth()).as(png).isGreaterThan(200);
            Files.createDirectories(java.nio.file.Path.of("target/evaluation-artifacts"));
            Files.write(java.nio.file.Path.of("target/evaluation-artifacts", copyPrefix + "-" + png), image);
        }
    }

    private HttpResponse<String> postEvent(TrainingCompleted event, boolean binaryMode) throws Exception {
        String data = JSON.writeValueAsString(event);
        if (binaryMode) {
            return post(data.getBytes(StandardCharsets.UTF_8), trainingCompletedHeaders(SCHEMA_V2));
        }
        String structured =
                "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/prodcat/train\","
                        + "\"type\":\"io.prodcat.training.completed\",\"dataschema\":\"" + SCHEMA_V2 + "\","
                        + "\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
        return post(
                structured.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/cloudevents+json"));
    }

    /** Binary-mode headers of a training.completed from train; without a dataschema (version 1) when null. */
    private static Map<String, String> trainingCompletedHeaders(String dataSchema) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of(
                "ce-specversion",
                "1.0",
                "ce-id",
                UUID.randomUUID().toString(),
                "ce-source",
                "/prodcat/train",
                "ce-type",
                "io.prodcat.training.completed",
                "Content-Type",
                "application/json"));
        if (dataSchema != null) {
            headers.put("ce-dataschema", dataSchema);
        }
        return headers;
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> metricsRow(String trainingId, String evaluatedOn) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM model_metrics WHERE training_id = :t AND evaluated_on = :e")
                        .bind("t", trainingId)
                        .bind("e", evaluatedOn)
                        .mapToMap()
                        .one());
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** {@code real} with some fields changed, as a forger would send it. */
    private static TrainingCompleted forged(TrainingCompleted real, Map<String, String> changes) {
        tools.jackson.databind.node.ObjectNode json = JSON.valueToTree(real);
        changes.forEach(json::put);
        return JSON.treeToValue(json, TrainingCompleted.class);
    }

    /** Sends the event and returns the version evaluate registered for it. */
    private String evaluatedVersion(TrainingCompleted event) throws Exception {
        return JSON.readTree(postEvent(event, true).body()).path("modelVersion").asString();
    }

    private static String champion() throws Exception {
        return mlflowGet("registered-models/alias?name=" + MODEL + "&alias=champion")
                .path("model_version")
                .path("version")
                .asString();
    }

    private static int registeredVersions() throws Exception {
        return mlflowGet("model-versions/search?filter=name%3D%27" + MODEL + "%27")
                .path("model_versions")
                .size();
    }

    private static JsonNode mlflowGet(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + "/api/2.0/mlflow/" + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
