package io.prodcat.demo;

import io.prodcat.events.EventType;
import io.prodcat.storage.MinioObjectStore;
import io.prodcat.storage.ObjectStore;
import io.prodcat.storage.S3Location;
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
            store = MinioObjectStore.connect(servers.s3Endpoint(), servers.s3AccessKey(), servers.s3SecretKey());
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
        upload(dataset, again);
        Chain chain = follow(again);
        boolean skipped = EventType.TRAINING_SKIPPED.type().equals(chain.trainingType);
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
