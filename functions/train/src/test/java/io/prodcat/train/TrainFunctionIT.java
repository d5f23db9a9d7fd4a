package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.ExperimentTracker.RunEnd;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.TrainingFailed;
import io.prodcat.function.support.HeapBudget;
import io.prodcat.testkit.BrokerRetries;
import io.prodcat.testkit.CuttableDependencies;
import io.prodcat.testkit.FaultInjectingHttpProxy;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SharedFixtures;
import io.prodcat.testkit.SwitchableProxy;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.TokenIssuer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The train function against real MariaDB, S3 (S3Proxy) and MLflow. S3 and MLflow are reached through
 * switchable proxies so that a test can take them down for real.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "train")
@ExtendWith(MlflowExtension.class)
class TrainFunctionIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "webhook-secret";
    private static final String AUDIENCE = "prodcat-train";

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static MlflowServer mlflow;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static SwitchableProxy s3Proxy;
    private static SwitchableProxy mlflowProxy;
    private static FaultInjectingHttpProxy mlflowFaults;
    private static MariaDbServer.Cuttable database;
    private static CuttableDependencies faults;
    private static RecordingHttpServer broker;
    private static TokenIssuer issuer;

    @LocalServerPort
    private int port;

    @Autowired
    private TrainingSettings settings;

    @Autowired
    private DatasetLocations locations;

    @Autowired
    private ObjectStore store;

    @Autowired
    private ExperimentTracker tracker;

    @BeforeAll
    static void servers(FunctionServers.Servers servers, MlflowServer mlflowServer) {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        mlflow = mlflowServer;
        jdbcUrl = servers.jdbcUrl();
        jdbi = Database.jdbi(mariaDb.dataSource(jdbcUrl));
        s3Proxy = SwitchableProxy.to(s3.endpoint());
        mlflowProxy = SwitchableProxy.to(mlflow.trackingUri());
        mlflowFaults = FaultInjectingHttpProxy.to(mlflowProxy.url());
        database = MariaDbServer.cuttable(jdbcUrl);
        faults = new CuttableDependencies(s3Proxy, database.proxy(), mlflowFaults);
        broker = RecordingHttpServer.start();
        issuer = TokenIssuer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minio.endpoint", () -> s3Proxy.url());
        mariaDb.registerProperties(registry::add, database.jdbcUrl());
        registry.add("mlflow.tracking-uri", () -> mlflowFaults.url());
        registry.add("prodcat.training.experiment", () -> "train-it");
        registry.add("prodcat.dataset.buckets", () -> "dataset,images,test-bucket");
        registry.add("prodcat.dataset.prefix", () -> "");
        registry.add("prodcat.webhook-token", () -> TOKEN);
        registry.add("prodcat.dataset.max-bytes", () -> "2500000");
        registry.add("prodcat.training.params", () -> "costs=0.5"); // PRODCAT_TRAINING_PARAMS
        registry.add("prodcat.events.sink", () -> broker.url());
        issuer.registerProperties(registry::add, AUDIENCE);
    }

    @AfterAll
    static void stop() {
        broker.close();
        s3Proxy.close();
        mlflowProxy.close();
        mlflowFaults.close();
        database.close();
        issuer.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3-ObjectCreated-Put.webhook.minio-docs.json",
                "s3-ObjectCreated-Put.kafka.minio-readme.json",
                "s3-ObjectCreated-Put.nsq.minio-readme.json"
            })
    void webhookTurnsEachMinioPayloadIntoADatasetUploadedEvent(String fixture) throws Exception {
        byte[] body = Files.readAllBytes(SharedFixtures.minio(fixture));
        JsonNode record = JSON.readTree(body).path("Records").get(0).path("s3");

        HttpResponse<String> answer =
                post("/minio", body, Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));
        RecordingHttpServer.Request event = broker.next();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(event.header("ce-type")).isEqualTo("io.prodcat.dataset.uploaded");
        assertThat(event.header("ce-source")).isEqualTo("/prodcat/train");
        assertThat(event.header("ce-specversion")).isEqualTo("1.0");
        assertThat(event.header("ce-subject"))
                .isEqualTo(record.path("object").path("key").asString());
        assertThat(event.header("ce-id")).isNotBlank();
        JsonNode data = JSON.readTree(event.body());
        assertThat(data.path("bucket").asString())
                .isEqualTo(record.path("bucket").path("name").asString());
        assertThat(data.path("key").asString())
                .isEqualTo(record.path("object").path("key").asString());
        assertThat(data.path("sizeBytes").asLong())
                .isEqualTo(record.path("object").path("size").asLong());
    }

    /** MinIO retries a notification it thinks was lost: fifty copies at once still train once. */
    @Test
    void theSameNotificationFiftyTimesAtOnceTrainsOnce() throws Exception {
        String key = "train/fifty-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, 8));
        byte[] notification = ("{\"EventName\":\"s3:ObjectCreated:Put\",\"Records\":[{\"eventName\":"
                        + "\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"dataset\"},\"object\":{\"key\":\""
                        + key + "\",\"size\":10,\"eTag\":\"e-fifty\",\"sequencer\":\"17B\"}}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<String>>> posted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posted.add(pool.submit(() -> post(
                        "/minio",
                        notification,
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"))));
            }
            for (Future<HttpResponse<String>> answer : posted) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
            }
            List<RecordingHttpServer.Request> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(broker.next());
            }
            assertThat(events.stream().map(e -> e.header("ce-id")).distinct())
                    .as("one upload, one event id")
                    .hasSize(1);

            List<Future<HttpResponse<String>>> delivered = new ArrayList<>();
            for (RecordingHttpServer.Request event : events) {
                delivered.add(pool.submit(() -> postEvent(key, event.header("ce-id"), true)));
            }
            List<String> replies = new ArrayList<>();
            for (Future<HttpResponse<String>> reply : delivered) {
                assertThat(reply.get().statusCode()).as(reply.get().body()).isEqualTo(200);
                replies.add(reply.get().headers().firstValue("ce-type").orElseThrow());
            }
            assertThat(replies)
                    .containsOnlyOnce("io.prodcat.training.completed")
                    .filteredOn(type -> !type.endsWith("completed"))
                    .containsOnly("io.prodcat.training.skipped");
        } finally {
            pool.shutdown();
        }
        assertThat(ledgerCount("s3://dataset/" + key)).isEqualTo(1);
        assertThat(runsFor("s3://dataset/" + key)).isEqualTo(1);
    }

    @Test
    void webhookRefusesAWrongTokenAndABodyOverTheLimitAndSendsNothing() throws Exception {
        byte[] upload = """
                {"EventName":"s3:ObjectCreated:Put","Records":[{"eventName":"s3:ObjectCreated:Put",
                 "s3":{"bucket":{"name":"dataset"},"object":{"key":"train/refused.csv","size":10}}}]}""".getBytes(StandardCharsets.UTF_8);
        byte[] huge = new byte[1024 * 1024 + 1]; // over the webhook's 1 MiB
        java.util.Arrays.fill(huge, (byte) ' ');

        HttpResponse<String> wrongToken = post("/minio", upload, Map.of("Authorization", "Bearer not-" + TOKEN));
        HttpResponse<String> prefixOnly = post("/minio", upload, Map.of("Authorization", "Bearer "));
        HttpResponse<String> oversized = post("/minio", huge, Map.of("Authorization", "Bearer " + TOKEN));
        byte[] overEventLimit = new byte[300 * 1024]; // over the events' 256 KiB, under the others' 1 MiB
        HttpResponse<String> oversizedEvent =
                post("/", overEventLimit, Map.of("ce-type", "io.prodcat.dataset.uploaded"));
        // Spring Cloud Function serves the function at its own name too: the same limit holds there
        HttpResponse<String> oversizedByName =
                post("/train", overEventLimit, Map.of("ce-type", "io.prodcat.dataset.uploaded"));

        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(prefixOnly.statusCode()).isEqualTo(401);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversizedEvent.statusCode()).isEqualTo(413);
        assertThat(oversizedByName.statusCode()).isEqualTo(413);
        assertThat(oversized.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(broker.pending()).isZero();
    }

    @Test
    void eventsNamingAnObjectOutsideTheDatasetLocationsAreRefusedForGoodWithoutReadingIt() throws Exception {
        upload("dataset", "secret.csv", SyntheticCatalog.csv(30, 6)); // readable to train, but not a dataset key
        List<List<String>> outside = List.of(
                List.of("models", "runs/any/model.prodcat"),
                List.of("dataset", "train/../secret.csv"),
                List.of("dataset", "/secret.csv"),
                List.of("images", "x/" + "k".repeat(1100)),
                List.of("dataset", "k".repeat(1020)), // a valid S3 key, but s3://dataset/… exceeds the ledger column
                List.of("images", "x/./y.csv"));
        long rowsBefore = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_training")
                .mapTo(Long.class)
                .one());

        for (List<String> object : outside) {
            HttpResponse<String> reply =
                    postEvent(object.get(0), object.get(1), UUID.randomUUID().toString(), true);
            assertThat(reply.statusCode()).as(object.toString()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type"))
                    .as(object.toString())
                    .contains("io.prodcat.training.failed");
            assertThat(JSON.readTree(reply.body()).path("reason").asString()).startsWith("not a dataset location");
        }
        long rowsAfter = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_training")
                .mapTo(Long.class)
                .one());
        assertThat(rowsAfter).isEqualTo(rowsBefore);
    }

    @Test
    void webhookIgnoresOtherNotificationsAndRejectsBadOnes() throws Exception {
        String deletion = """
                {"EventName":"s3:ObjectRemoved:Delete","Records":[{"eventName":"s3:ObjectRemoved:Delete",
                 "s3":{"bucket":{"name":"dataset"},"object":{"key":"train/old.csv"}}}]}""";
        Map<String, String> json = Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");

        HttpResponse<String> ignored = post("/minio", deletion.getBytes(StandardCharsets.UTF_8), json);
        HttpResponse<String> malformed = post("/minio", "{\"Records\": 3}".getBytes(StandardCharsets.UTF_8), json);
        HttpResponse<String> noToken =
                post("/minio", deletion.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.body()).contains("ObjectRemoved");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(malformed.body()).contains("no Records array");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(broker.pending()).isZero();
    }

    @Test
    void uploadedDatasetBecomesOneTrackedTrainingWithWeightsAndLedgerRow() throws Exception {
        String key = "train/catalog-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(40, 1));
        String requestId = UUID.randomUUID().toString();

        HttpResponse<String> reply = postEvent(key, requestId, true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        assertThat(reply.headers().firstValue("ce-source")).contains("/prodcat/train");
        assertThat(reply.headers().firstValue("ce-id")).isPresent().get().isNotEqualTo(requestId);
        assertThat(reply.headers().firstValue("ce-subject")).contains("s3://dataset/" + key);
        JsonNode data = JSON.readTree(reply.body());
        String trainingId = data.path("trainingId").asString();
        String runId = data.path("runId").asString();

        Map<String, Object> row = ledgerRow(trainingId);
        assertThat(row.get("status")).isEqualTo("FINISHED");
        for (String column : List.of(
                "id",
                "training_date",
                "dataset_hash",
                "dataset_path",
                "run_id",
                "best_checkpoint",
                "f1",
                "min_f1",
                "weights_s3",
                "status")) {
            assertThat(row.get(column)).as(column).isNotNull();
        }
        assertThat(row.get("dataset_path")).isEqualTo("s3://dataset/" + key);
        assertThat(row.get("run_id")).isEqualTo(runId).asString().hasSize(32);
        assertThat(row.get("weights_s3")).isEqualTo(data.path("weightsUri").asString());
        assertThat((String) row.get("dataset_hash"))
                .isEqualTo(data.path("datasetHash").asString())
                .hasSize(40);

        LinearClassifier model = loadModel(data.path("weightsUri").asString());
        assertThat(model.predict("fresh yogurt cheese", 1).get(0).label()).isEqualTo("dairy");

        JsonNode run = mlflowGet("runs/get?run_id=" + runId).path("run");
        assertThat(run.path("info").path("status").asString()).isEqualTo("FINISHED");
        assertThat(run.path("data").path("params").toString())
                .contains("dataset_hash")
                .contains("costs");
        assertThat(run.path("data").path("tags").toString())
                .contains("best_checkpoint")
                .contains(trainingId);
        JsonNode history = mlflowGet("metrics/get-history?run_id=" + runId + "&metric_key=val_macro_f1")
                .path("metrics");
        // costs=0.5 (from the one-line overrides) and the unweighted checkpoint
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void labelsThatArePathsMakeAModelThatKeepsTheirTree() throws Exception {
        String key = "train/paths-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.pathCsv(30, 4));

        HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        LinearClassifier model =
                loadModel(JSON.readTree(reply.body()).path("weightsUri").asString());
        assertThat(model.pathSeparator()).contains(" > ");
        assertThat(model.taxonomy().nodesAt(1)).containsExactly("drinks", "food", "pets");
        assertThat(model.predict("fresh yogurt cheese", 1).get(0).label()).isEqualTo("food > dairy");
    }

    @Test
    void sameDataDeliveredTwentyTimesTrainsOnceWithOneRun() throws Exception {
        String key = "train/dup-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, 2));

        List<String> types = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), i % 2 == 0);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type"))
                    .as(reply.headers().map().toString())
                    .isPresent();
            types.add(reply.headers().firstValue("ce-type").orElseThrow());
        }
        String concurrentKey = "train/dup-concurrent-" + UUID.randomUUID() + ".csv";
        upload("dataset", concurrentKey, SyntheticCatalog.csv(30, 3));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            concurrent.add(
                    pool.submit(() -> postEvent(concurrentKey, UUID.randomUUID().toString(), true)));
        }
        List<String> concurrentTypes = new ArrayList<>();
        for (Future<HttpResponse<String>> reply : concurrent) {
            assertThat(reply.get().statusCode()).isEqualTo(200);
            concurrentTypes.add(reply.get().headers().firstValue("ce-type").orElseThrow());
        }
        pool.shutdown();

        assertThat(types)
                .containsOnlyOnce("io.prodcat.training.completed")
                .filteredOn(t -> !t.endsWith("completed"))
                .containsOnly("io.prodcat.training.skipped");
        assertThat(concurrentTypes).containsOnlyOnce("io.prodcat.training.completed");
        for (String datasetKey : List.of(key, concurrentKey)) {
            assertThat(ledgerCount("s3://dataset/" + datasetKey)).isEqualTo(1);
            assertThat(runsFor("s3://dataset/" + datasetKey)).isEqualTo(1);
        }
    }

    @Test
    void malformedDatasetsFailWithAReasonAndLeaveNoWeightsOrActiveRun() throws Exception {
        // name -> {content, what the reason must say}; each file is wrong in exactly one way (too-big has two classes,
        // so only the size check can refuse it)
        Map<String, List<String>> corpus = Map.of(
                "empty", List.of("", "empty file"),
                "header-only", List.of("product_name,department\n", "no data rows"),
                "no-label-column", List.of("product_name,category\nMilk,dairy\n", "missing label column"),
                "one-class", List.of("product_name,department\nMilk,dairy\nCheese,dairy\n", "at least 2 classes"),
                "empty-label", List.of("product_name,department\nMilk,dairy\nChips,\n", "empty label"),
                "unbalanced-quote",
                        List.of("product_name,department\n\"Milk,dairy\nChips,snacks\n", "unbalanced quotes"),
                "binary", List.of("\u0000\u0001PK\u0003\u0004product_name,department\n", "NUL byte"),
                "leaf-and-parent",
                        List.of(
                                "product_name,department\n"
                                        + "Milk,dairy\nGreek Yogurt,dairy > yogurt\nChips,snacks\n".repeat(5),
                                "'dairy' is a leaf and also the parent of 'dairy > yogurt'"),
                "empty-level",
                        List.of(
                                "product_name,department\n" + "Milk,dairy >  > milk\nChips,snacks\n".repeat(5),
                                "has an empty level"),
                "too-big",
                        List.of(
                                "product_name,department\n"
                                        + "Organic Milk,dairy\nPotato Chips,snacks\n".repeat(70_000),
                                "PRODCAT_DATASET_MAX_BYTES"));
        for (Map.Entry<String, List<String>> bad : corpus.entrySet()) {
            String key = "train/bad-" + bad.getKey() + "-" + UUID.randomUUID() + ".csv";
            upload("dataset", key, bad.getValue().get(0));

            HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), true);

            assertThat(reply.statusCode()).as(bad.getKey()).isEqualTo(200);
            assertThat(reply.headers().firstValue("ce-type")).as(bad.getKey()).contains("io.prodcat.training.failed");
            JsonNode data = JSON.readTree(reply.body());
            assertThat(data.path("reason").asString())
                    .as(bad.getKey())
                    .contains(bad.getValue().get(1));
            Map<String, Object> row = ledgerRow(data.path("trainingId").asString());
            assertThat(row.get("status")).as(bad.getKey()).isEqualTo("FAILED");
            assertThat(row.get("error"))
                    .as(bad.getKey())
                    .isEqualTo(data.path("reason").asString());
            assertThat(row.get("weights_s3")).as(bad.getKey()).isNull();
            assertThat(s3.client()
                            .listObjects(io.minio.ListObjectsArgs.builder()
                                    .bucket("models")
                                    .prefix("runs/" + data.path("trainingId").asString())
                                    .build()))
                    .as(bad.getKey())
                    .isEmpty();
            assertThat(activeRuns()).as(bad.getKey()).isZero();
        }
    }

    /**
     * With a trusted reference in force, a dataset that contains its titles (in any case or punctuation) is never
     * trained on them: the holdout manifest lists those rows, whatever their hash.
     */
    @Test
    void theGatesReferenceTitlesAreHeldOutOfTrainingWhateverTheirHash() throws Exception {
        List<io.prodcat.engine.dataset.LabelledText> reference = List.of(
                new io.prodcat.engine.dataset.LabelledText("Reference Kefir Alpha", "dairy"),
                new io.prodcat.engine.dataset.LabelledText("Reference Chips Beta", "snacks"));
        new io.prodcat.function.support.GateReferences(store, () -> jdbi, java.time.Clock.systemUTC())
                .carveFirst("models", "the test's reference", reference);
        String key = "train/with-reference-" + UUID.randomUUID() + ".csv";
        StringBuilder csv = new StringBuilder("product_name,department\n");
        csv.append(SyntheticCatalog.csv(30, 41).substring("product_name,department\n".length()));
        csv.append("reference kefir alpha!,dairy\nREFERENCE CHIPS BETA,snacks\n");
        upload("dataset", key, csv.toString());

        HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(reply.headers().firstValue("ce-type")).as(reply.body()).contains("io.prodcat.training.completed");
        JsonNode done = JSON.readTree(reply.body());
        io.prodcat.engine.dataset.HoldoutManifest manifest;
        try (InputStream in = store.open(io.prodcat.adapters.storage.S3Location.parse(
                done.path("holdoutManifestUri").asString()))) {
            manifest = io.prodcat.engine.dataset.HoldoutManifest.read(in);
        }
        int rows = (int) csv.toString().lines().count() - 1;
        assertThat(manifest.heldOutRows()).contains(rows - 2, rows - 1);
    }

    /**
     * A feedback export whose training is refused for its data (here: a dataset over the size limit) does not take
     * its feedback rows down with it: they are held with the reason, neither consumed nor waiting, for an admin.
     */
    @Test
    void aFeedbackDatasetThatCannotBeTrainedOnHoldsItsRowsWithTheReasonInsteadOfLosingThem() throws Exception {
        String key = "train/feedback-" + UUID.randomUUID() + ".csv";
        String content = "product_name,department\n" + "Kefir Drink,dairy\nPotato Chips,snacks\n".repeat(70_000);
        upload("dataset", key, content);
        String sha1 = io.prodcat.engine.dataset.Fingerprint.sha1Hex(content);
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        List<Long> rows = new ArrayList<>();
        for (String text : List.of("kefir drink", "oat milk")) {
            long id = feedback.insert(FeedbackRow.received(text, "dairy", null, null, "shop", Instant.now()));
            jdbi.useHandle(h -> h.createUpdate("UPDATE feedback SET consumed_dataset_hash = :h, consumed_dataset_path"
                            + " = :p, consumed_at = NOW(3) WHERE id = :id")
                    .bind("h", sha1)
                    .bind("p", "s3://dataset/" + key)
                    .bind("id", id)
                    .execute());
            rows.add(id);
        }

        HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.training.failed");
        for (long id : rows) {
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT * FROM feedback WHERE id = :id")
                    .bind("id", id)
                    .mapToMap()
                    .one());
            assertThat(row.get("consumed_dataset_hash")).isNull();
            assertThat((String) row.get("held_reason")).contains("PRODCAT_DATASET_MAX_BYTES");
        }
        assertThat(jdbi.onDemand(io.prodcat.adapters.persistence.FeedbackExportDao.class)
                        .unclaimed(1000))
                .extracting(FeedbackRow::id)
                .doesNotContainAnyElementsOf(rows);
    }

    @Test
    void s3OrMlflowOutageAnswers503AndTheRetryTrains() throws Exception {
        String key = "train/outage-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, 4));

        s3Proxy.switchOff();
        HttpResponse<String> duringS3Outage;
        try {
            duringS3Outage = postEvent(key, UUID.randomUUID().toString(), true);
        } finally {
            s3Proxy.switchOn();
        }
        mlflowProxy.switchOff();
        HttpResponse<String> duringMlflowOutage;
        try {
            duringMlflowOutage = postEvent(key, UUID.randomUUID().toString(), true);
        } finally {
            mlflowProxy.switchOn();
        }
        Map<String, Object> interrupted = ledgerRowByPath("s3://dataset/" + key);
        HttpResponse<String> retry = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(duringS3Outage.statusCode()).isEqualTo(503);
        assertThat(duringMlflowOutage.statusCode()).isEqualTo(503);
        assertThat(interrupted.get("status")).isEqualTo("INTERRUPTED");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(retry.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        Map<String, Object> finished = ledgerRowByPath("s3://dataset/" + key);
        assertThat(finished.get("status")).isEqualTo("FINISHED");
        assertThat(((Number) finished.get("attempt")).intValue()).isEqualTo(2);
    }

    /**
     * Each step of a training with the dependency it needs cut at that moment (MLflow's calls mark the steps): the
     * delivery answers 503 and, once the dependency is back, the redelivery trains (503s retried as the Broker does). Afterwards there is one ledger row,
     * FINISHED, with loadable weights; exactly one FINISHED MLflow run for the dataset and none left RUNNING; a further
     * redelivery is skipped. A step without a request of its own is cut from the start. A new step is one more row.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "read the dataset     | S3      |",
                "claim the ledger row | MariaDB |",
                "start the run        | MLflow  | POST /api/2.0/mlflow/runs/create",
                "record the run id    | MariaDB | POST /api/2.0/mlflow/runs/create",
                "log the parameters   | MLflow  | POST /api/2.0/mlflow/runs/log-batch",
                "log a checkpoint     | MLflow  | POST /api/2.0/mlflow/runs/log-metric",
                "store the weights    | S3      | POST /api/2.0/mlflow/runs/log-metric",
                "end the run          | MLflow  | POST /api/2.0/mlflow/runs/update",
                "mark it FINISHED     | MariaDB | POST /api/2.0/mlflow/runs/update"
            })
    void aFaultAtAnyStepOfATrainingIsResumedByTheRedelivery(String step, String dependency, String atRequest)
            throws Exception {
        String key = "train/fault-" + step.replace(' ', '-') + "-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, step.hashCode())); // data of its own: no case skips another
        String path = "s3://dataset/" + key;
        CuttableDependencies.DuringCut<HttpResponse<String>> fault = faults.call(
                dependency, atRequest, () -> postEvent(key, UUID.randomUUID().toString(), true));
        HttpResponse<String> duringFault = fault.answer();
        HttpResponse<String> resumed = BrokerRetries.untilNotUnavailable(
                () -> postEvent(key, UUID.randomUUID().toString(), true));
        HttpResponse<String> again = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(fault.fired())
                .as(step + ": the cut fired at its step (" + dependency + " at " + atRequest + ")")
                .isTrue();
        assertThat(duringFault.statusCode())
                .as(step + ": " + duringFault.body())
                .isEqualTo(503);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        assertThat(again.headers().firstValue("ce-type")).contains("io.prodcat.training.skipped");
        assertThat(ledgerCount(path)).isEqualTo(1);
        Map<String, Object> row = ledgerRowByPath(path);
        assertThat(row.get("status")).isEqualTo("FINISHED");
        assertThat(loadModel(row.get("weights_s3").toString()).labels()).hasSize(4);
        List<String> statuses = new java.util.ArrayList<>();
        searchRuns("params.dataset_path = '" + path + "'")
                .forEach(run -> statuses.add(run.path("info").path("status").asString()));
        searchRuns("tags.training_id = '" + row.get("id") + "'")
                .forEach(run ->
                        statuses.add("tagged " + run.path("info").path("status").asString()));
        assertThat(statuses)
                .as("MLflow runs of this dataset")
                .containsOnlyOnce("FINISHED")
                .doesNotContain("RUNNING");
        assertThat(statuses).as("runs tagged with the training").doesNotContain("tagged RUNNING");
    }

    /**
     * The cross cells of the table above: a dependency cut after the training's last call to it fails nothing. The
     * delivery trains (200, FINISHED, loadable weights) although the dependency is down, so no needless 503 asks the
     * Broker for a redelivery.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "end the run | S3 | POST /api/2.0/mlflow/runs/update",
            })
    void aDependencyCutAfterItsLastUseFailsNothing(String step, String dependency, String atRequest) throws Exception {
        String key = "train/cross-" + step.replace(' ', '-') + "-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, step.hashCode() + 1));
        CuttableDependencies.DuringCut<HttpResponse<String>> fault = faults.call(
                dependency, atRequest, () -> postEvent(key, UUID.randomUUID().toString(), true));
        HttpResponse<String> duringFault = fault.answer();

        assertThat(fault.fired()).as(step + ": the cut fired").isTrue();
        assertThat(duringFault.statusCode())
                .as(step + ": " + duringFault.body())
                .isEqualTo(200);
        assertThat(duringFault.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        Map<String, Object> row = ledgerRowByPath("s3://dataset/" + key);
        assertThat(row.get("status")).isEqualTo("FINISHED");
        assertThat(loadModel(row.get("weights_s3").toString()).labels()).hasSize(4);
    }

    @Test
    void runningRowOfACrashedHolderIsTakenOverAfterTheTimeoutAndAFreshOneIsLeftAlone() throws Exception {
        String key = "train/crashed-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, SyntheticCatalog.csv(30, 5));
        mlflowProxy.switchOff();
        try {
            assertThat(postEvent(key, UUID.randomUUID().toString(), true).statusCode())
                    .isEqualTo(503);
        } finally {
            mlflowProxy.switchOn();
        }
        String path = "s3://dataset/" + key;
        // an instance that claimed the row a moment ago and is still training
        jdbi.useHandle(h -> h.execute(
                "UPDATE auto_training SET status = 'RUNNING', training_date = UTC_TIMESTAMP(3) "
                        + "WHERE dataset_path = ?",
                path));
        HttpResponse<String> whileHeld = postEvent(key, UUID.randomUUID().toString(), true);
        // the same instance crashed three hours ago (the timeout is two)
        jdbi.useHandle(h -> h.execute(
                "UPDATE auto_training SET training_date = UTC_TIMESTAMP(3) - INTERVAL 3 HOUR "
                        + "WHERE dataset_path = ?",
                path));
        HttpResponse<String> afterTimeout = postEvent(key, UUID.randomUUID().toString(), true);

        assertThat(whileHeld.headers().firstValue("ce-type")).contains("io.prodcat.training.skipped");
        assertThat(JSON.readTree(whileHeld.body()).path("reason").asString()).contains("in progress");
        assertThat(afterTimeout.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        assertThat(ledgerRowByPath(path).get("status")).isEqualTo("FINISHED");
    }

    @Test
    void unknownEventTypesAre400AndUnusableDataIsAFinalTrainingFailed() throws Exception {
        HttpResponse<String> wrongType = post(
                "/",
                "{}".getBytes(),
                Map.of(
                        "ce-specversion",
                        "1.0",
                        "ce-id",
                        "1",
                        "ce-source",
                        "/test",
                        "ce-type",
                        "com.example.other",
                        "Content-Type",
                        "application/json"));
        HttpResponse<String> noKey = post(
                "/",
                "{\"bucket\":\"dataset\"}".getBytes(),
                Map.of(
                        "ce-specversion",
                        "1.0",
                        "ce-id",
                        "2",
                        "ce-source",
                        "/test",
                        "ce-type",
                        "io.prodcat.dataset.uploaded",
                        "Content-Type",
                        "application/json"));

        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("com.example.other");
        assertThat(noKey.statusCode())
                .as("an event of this type whose data is unusable: final")
                .isEqualTo(200);
        assertThat(noKey.headers().firstValue("ce-type")).contains("io.prodcat.training.failed");
        assertThat(JSON.readTree(noKey.body()).path("reason").asString()).contains("key");
        assertThat(JSON.readTree(noKey.body()).path("status").asString()).isEqualTo("NONE");
    }

    /**
     * An instance too small for the data refuses it before reading it (by the CSV's size) or before solving (by
     * classes × the non-zero weights each keeps), with a final training.failed saying what it needs and what it has;
     * the row is left INTERRUPTED, so an instance with more memory takes it over. The OutOfMemoryError case is thrown by a
     * tracker wrapper, because a real one cannot be provoked safely inside the test JVM.
     */
    @Test
    void dataTooLargeForTheInstanceIsRefusedWithWhatItNeedsAndALargerInstanceTakesItOver() throws Exception {
        String key = "train/memory-" + UUID.randomUUID() + ".csv";
        String csv = SyntheticCatalog.csv(40, 21);
        upload("dataset", key, csv);
        long bytes = csv.getBytes(StandardCharsets.UTF_8).length;
        DatasetUploaded uploaded = new DatasetUploaded("dataset", key, bytes, null);
        ExperimentTracker outOfMemory = new OutOfMemoryAtFirstMetric(tracker);

        TrainOutcome beforeReading = onInstance(new HeapBudget(HeapBudget.readingNeeds(bytes) - 1), tracker)
                .run(uploaded, locations);
        String afterReadingRow =
                ledgerRowByPath("s3://dataset/" + key).get("status").toString();
        TrainOutcome beforeWeights = onInstance(new HeapBudget(HeapBudget.readingNeeds(bytes) + 1), tracker)
                .run(uploaded, locations);
        TrainOutcome duringTraining =
                onInstance(new HeapBudget(1L << 40), outOfMemory).run(uploaded, locations);
        String afterOutOfMemoryRow =
                ledgerRowByPath("s3://dataset/" + key).get("status").toString();
        TrainOutcome larger = onInstance(new HeapBudget(1L << 40), tracker).run(uploaded, locations);

        assertThat(((TrainingFailed) beforeReading.event()).reason())
                .matches("too large for this instance: " + bytes + " bytes, needs ~\\d+ MB, heap \\d+ MB.*");
        assertThat(((TrainingFailed) beforeWeights.event()).reason())
                .startsWith("too large for this instance: " + bytes + " bytes, needs ~");
        assertThat(((TrainingFailed) duringTraining.event()).reason()).startsWith("ran out of memory training on ");
        for (TrainOutcome refused : List.of(beforeReading, beforeWeights, duringTraining)) {
            assertThat(((TrainingFailed) refused.event()).status()).isEqualTo("INTERRUPTED");
        }
        assertThat(afterReadingRow).isEqualTo("INTERRUPTED");
        assertThat(afterOutOfMemoryRow).isEqualTo("INTERRUPTED");
        assertThat(larger).isInstanceOf(TrainOutcome.Trained.class);
        assertThat(ledgerRowByPath("s3://dataset/" + key).get("status")).isEqualTo("FINISHED");
        assertThat(ledgerCount("s3://dataset/" + key)).isEqualTo(1);
    }

    @Test
    void trainsTheDevSplitThroughTheFunction() throws Exception {
        byte[] devSplit = Files.readAllBytes(io.prodcat.testkit.SharedData.file("instacart/train.csv"));
        String key = "train/instacart-" + UUID.randomUUID() + ".csv";
        upload("dataset", key, new String(devSplit, StandardCharsets.UTF_8));

        long start = System.nanoTime();
        HttpResponse<String> reply = postEvent(key, UUID.randomUUID().toString(), true);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        assertThat(JSON.readTree(reply.body()).path("validationF1").asDouble()).isGreaterThan(0.7);
        org.slf4j.LoggerFactory.getLogger(TrainFunctionIT.class)
                .info(
                        "dev split through the train function, event in to reply out: {} s",
                        String.format("%.1f", seconds));
    }

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** This function's job as an instance with {@code heap} would run it. */
    private TrainingJob onInstance(HeapBudget heap, ExperimentTracker runs) {
        return TrainingJob.assemble(
                store,
                jdbi.onDemand(TrainingDao.class),
                runs,
                settings.withHeap(heap),
                java.util.Set::of,
                ChampionParent.NONE);
    }

    /** Runs as the real tracker does, but the first metric finds the heap exhausted (as the engine would). */
    private record OutOfMemoryAtFirstMetric(ExperimentTracker real) implements ExperimentTracker {
        @Override
        public String startRun(String experimentName, String runName, Map<String, String> tags) {
            return real.startRun(experimentName, runName, tags);
        }

        @Override
        public void logParams(String runId, Map<String, String> params) {
            real.logParams(runId, params);
        }

        @Override
        public void logMetric(String runId, String key, double value, long step) {
            throw new OutOfMemoryError("Java heap space");
        }

        @Override
        public void setTags(String runId, Map<String, String> tags) {
            real.setTags(runId, tags);
        }

        @Override
        public void endRun(String runId, RunEnd status) {
            real.endRun(runId, status);
        }
    }

    private HttpResponse<String> postEvent(String key, String id, boolean binaryMode) throws Exception {
        return postEvent("dataset", key, id, binaryMode);
    }

    private HttpResponse<String> postEvent(String bucket, String key, String id, boolean binaryMode) throws Exception {
        String data = JSON.writeValueAsString(Map.of("bucket", bucket, "key", key, "sizeBytes", -1));
        if (binaryMode) {
            return post(
                    "/",
                    data.getBytes(StandardCharsets.UTF_8),
                    Map.of(
                            "ce-specversion",
                            "1.0",
                            "ce-id",
                            id,
                            "ce-source",
                            "/prodcat/train",
                            "ce-type",
                            "io.prodcat.dataset.uploaded",
                            "ce-subject",
                            key,
                            "Content-Type",
                            "application/json"));
        }
        String structured = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/prodcat/train\","
                + "\"type\":\"io.prodcat.dataset.uploaded\",\"datacontenttype\":\"application/json\",\"data\":" + data
                + "}";
        return post(
                "/",
                structured.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/cloudevents+json; charset=utf-8"));
    }

    /** Event routes get the Broker's OIDC token unless the test brings its own Authorization. */
    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (!path.equals("/minio") && !headers.containsKey("Authorization")) {
            request.header("Authorization", "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static void upload(String bucket, String key, String content) throws Exception {
        StoredObjects.put(s3, bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    private static LinearClassifier loadModel(String weightsUri) throws Exception {
        return StoredObjects.model(s3, weightsUri);
    }

    private static Map<String, Object> ledgerRow(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_training WHERE id = :id")
                .bind("id", id)
                .mapToMap()
                .one());
    }

    private static Map<String, Object> ledgerRowByPath(String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_training WHERE dataset_path = :p")
                .bind("p", path)
                .mapToMap()
                .one());
    }

    private static long ledgerCount(String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_training WHERE dataset_path = :p")
                .bind("p", path)
                .mapTo(Long.class)
                .one());
    }

    private static int runsFor(String datasetPath) throws Exception {
        return searchRuns("params.dataset_path = '" + datasetPath + "'").size();
    }

    private static int activeRuns() throws Exception {
        return searchRuns("attributes.status = 'RUNNING'").size();
    }

    private static JsonNode searchRuns(String filter) throws Exception {
        String experimentId = mlflowGet("experiments/get-by-name?experiment_name=train-it")
                .path("experiment")
                .path("experiment_id")
                .asString();
        Map<String, Object> search =
                Map.of("experiment_ids", List.of(experimentId), "filter", filter, "max_results", 1000);
        String body = JSON.writeValueAsString(search);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + "/api/2.0/mlflow/runs/search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("runs");
    }

    private static JsonNode mlflowGet(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                mlflow.trackingUri() + "/api/2.0/mlflow/" + pathAndQuery.replace(" ", "%20")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
