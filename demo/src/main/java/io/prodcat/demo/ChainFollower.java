package io.prodcat.demo;

import io.prodcat.adapters.persistence.LedgerReadings;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads a dataset and follows the events it causes, from the upload to the champion predict serves. */
final class ChainFollower {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the events said about one upload. */
    static final class Chain {
        JsonNode training;
        String trainingType;
        JsonNode evaluation;
        String promotedVersion;
    }

    private final DemoServers servers;
    private final DemoFunctions functions;
    private final BlockingQueue<EventRouter.RoutedEvent> events;
    private final String webhookToken;
    private final Duration timeout;
    private final Progress progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ObjectStore store;

    ChainFollower(
            DemoServers servers,
            DemoFunctions functions,
            BlockingQueue<EventRouter.RoutedEvent> events,
            String webhookToken,
            Duration timeout,
            Progress progress) {
        this.servers = servers;
        this.functions = functions;
        this.events = events;
        this.webhookToken = webhookToken;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** Puts {@code dataset} at {@code key}; with an external MinIO, posts the notification MinIO would send. */
    void upload(Path dataset, String key) throws IOException, InterruptedException {
        if (store == null) { // once: connecting reads the CA certificates
            store = MinioObjectStore.connect(
                    servers.s3Endpoint(), servers.s3AccessKey(), servers.s3SecretKey(), servers.s3Region());
        }
        long size = Files.size(dataset);
        try (InputStream in = Files.newInputStream(dataset)) {
            store.put(new S3Location(DemoServers.DATASET_BUCKET, key), in, size, "text/csv");
        }
        progress.line(
                "upload: " + dataset + " -> s3://" + DemoServers.DATASET_BUCKET + "/" + key + " (" + size + " bytes)");
        if (!servers.embeddedS3()) {
            HttpRequest notification = HttpRequest.newBuilder(functions.train().uri("/minio"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + webhookToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MinioEventBody.objectCreated(
                            DemoServers.DATASET_BUCKET, key, size, null, "text/csv", servers.s3AccessKey())))
                    .build();
            progress.line("upload: notification posted to train: HTTP "
                    + http.send(notification, HttpResponse.BodyHandlers.discarding())
                            .statusCode());
        }
    }

    /** The training and evaluation events of the upload at {@code key}, until the chain ends or times out. */
    Chain follow(String key) throws InterruptedException {
        if (functions.direct()) {
            return followTheLedger(key);
        }
        Chain chain = new Chain();
        String path = "s3://" + DemoServers.DATASET_BUCKET + "/" + key;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!functions.router().deadLetters().isEmpty()) {
                throw new IllegalStateException(
                        "an event could not be delivered: " + functions.router().deadLetters());
            }
            EventRouter.RoutedEvent event = events.poll(500, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            String type = event.type();
            JsonNode data = event.data();
            if (type.startsWith(EventType.PREFIX + "training.")
                    && data != null
                    && path.equals(data.path("datasetPath").asString(""))) {
                chain.training = data;
                chain.trainingType = type;
                progress.line("train: " + type.substring(EventType.PREFIX.length()) + " " + summary(data));
                if (!type.equals(EventType.TRAINING_COMPLETED.type())) {
                    return chain; // failed or skipped: no evaluation follows
                }
            } else if (chain.training != null && isEvaluationReply(type)) {
                chain.evaluation = data;
                progress.line("evaluate: " + type.substring(EventType.PREFIX.length()) + " " + summary(data));
                if (type.equals(EventType.MODEL_PROMOTED.type())) {
                    chain.promotedVersion = data.path("modelVersion").asString();
                }
                return chain;
            }
        }
        throw new IllegalStateException("the chain did not finish within " + timeout.toSeconds() + " s; see "
                + functions.train().log().getParent());
    }

    /**
     * With direct wiring there is no router to watch: the ledger says how far the upload got (the training's row,
     * then its held-out evaluation with the gate's verdict, and whether the version was promoted).
     */
    private Chain followTheLedger(String key) throws InterruptedException {
        Chain chain = new Chain();
        String path = "s3://" + DemoServers.DATASET_BUCKET + "/" + key;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (chain.training == null) {
                Map<String, Object> training = new LedgerReadings(servers.ledger())
                        .latestTraining(path)
                        .orElse(null);
                if (training != null && !"RUNNING".equals(training.get("status"))) {
                    boolean finished = "FINISHED".equals(training.get("status"));
                    chain.training = JSON.valueToTree(Map.of(
                            "datasetPath", path,
                            "trainingId", training.get("id").toString(),
                            "status", training.get("status").toString()));
                    chain.trainingType = (finished ? EventType.TRAINING_COMPLETED : EventType.TRAINING_FAILED).type();
                    progress.line(
                            "train: " + training.get("status") + " " + summary(chain.training) + " (auto_training)");
                    if (!finished) {
                        return chain;
                    }
                }
            } else {
                Map<String, Object> evaluation = new LedgerReadings(servers.ledger())
                        .holdoutVerdict(chain.training.path("trainingId").asString())
                        .orElse(null);
                boolean judged = evaluation != null && evaluation.get("gate_verdict") != null;
                boolean promoted = judged && Boolean.TRUE.equals(evaluation.get("promoted"));
                if (judged && (promoted || "KEEP".equals(evaluation.get("gate_verdict")))) {
                    Map<String, Object> shown = new LinkedHashMap<>();
                    shown.put("modelVersion", String.valueOf(evaluation.get("model_version")));
                    shown.put("f1", evaluation.get("f1"));
                    shown.put("minF1", evaluation.get("min_f1"));
                    shown.put("promoted", promoted);
                    shown.put("reason", String.valueOf(evaluation.get("gate_reason")));
                    chain.evaluation = JSON.valueToTree(shown);
                    progress.line("evaluate: " + (promoted ? "promoted " : "kept the champion ")
                            + summary(chain.evaluation) + " (model_metrics)");
                    if (promoted) {
                        chain.promotedVersion = String.valueOf(evaluation.get("model_version"));
                    }
                    return chain;
                }
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the chain did not finish within " + timeout.toSeconds() + " s; see "
                + functions.train().log().getParent());
    }

    /** How many uploads train skipped as already trained, from its own metrics (direct wiring has no router). */
    private double skippedByTrain() throws IOException, InterruptedException {
        HttpResponse<String> scraped = http.send(
                HttpRequest.newBuilder(functions.train().uri("/actuator/prometheus"))
                        .header("Authorization", "Bearer " + functions.metricsToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return scraped.body()
                .lines()
                .filter(line -> line.startsWith("prodcat_event_handling_seconds_count{")
                        && line.contains("outcome=\"training.skipped\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Waits until predict serves {@code version}. */
    void awaitServed(String version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> model = http.send(
                    HttpRequest.newBuilder(functions.predict().uri("/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (model.statusCode() == 200
                    && version.equals(
                            JSON.readTree(model.body()).path("version").asString(""))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("predict did not load champion version " + version + " within 2 minutes");
    }

    /** Uploads the same bytes under another key; true when train skipped them. */
    boolean uploadAgain(Path dataset, String key) throws IOException, InterruptedException {
        String again = key.replaceFirst("\\.csv$", "") + "-again.csv";
        progress.line("upload: the same bytes again as s3://" + DemoServers.DATASET_BUCKET + "/" + again
                + " (must not retrain)");
        events.clear();
        boolean skipped;
        if (functions.direct()) {
            double before = skippedByTrain();
            upload(dataset, again);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (skippedByTrain() == before && System.nanoTime() < deadline) {
                Thread.sleep(300);
            }
            skipped = skippedByTrain() > before;
        } else {
            upload(dataset, again);
            Chain chain = follow(again);
            skipped = EventType.TRAINING_SKIPPED.type().equals(chain.trainingType);
        }
        progress.line(
                skipped ? "train: skipped, this data was trained before (same SHA-1)" : "train: it was NOT skipped");
        return skipped;
    }

    private static boolean isEvaluationReply(String type) {
        return type.equals(EventType.MODEL_PROMOTED.type())
                || type.equals(EventType.EVALUATION_COMPLETED.type())
                || type.equals(EventType.EVALUATION_FAILED.type());
    }

    private static String summary(JsonNode data) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String field : List.of("trainingId", "status", "modelVersion", "f1", "minF1", "promoted", "reason")) {
            if (data != null && data.has(field)) {
                shown.put(
                        field,
                        data.get(field).isString()
                                ? data.get(field).asString()
                                : data.get(field).toString());
            }
        }
        return shown.toString();
    }
}
