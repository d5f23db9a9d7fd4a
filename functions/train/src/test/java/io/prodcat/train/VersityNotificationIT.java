package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.Prerequisite;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.VersityGateway;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Train's store on a real S3 server with real bucket notifications: Versity Gateway, built from the Go module proxy,
 * posting AWS's event envelope to train's webhook ({@code PRODCAT_WEBHOOK_AUTH=store}: it sends no token). Every
 * upload here is a real S3 PUT or multipart upload; the test only plays the Broker, handing train the event its
 * webhook sent. Versity posts a test event as it starts and exits when nothing answers, so it starts after train.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@FunctionServers(database = "versity_notifications")
class VersityNotificationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EVENT_TOKEN = "events-" + UUID.randomUUID();
    private static final int TRAIN_PORT = FreePort.find();

    private static VersityGateway versity;
    private static RecordingHttpServer broker;
    private static Jdbi jdbi;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        Prerequisite.require(
                VersityGateway.obtainable(),
                "Versity Gateway is built with Go and there is no `go` on the PATH (apt-get install golang-go;"
                        + " .ci/run does), nor PRODCAT_VERSITYGW naming a versitygw binary");
        jdbi = Database.jdbi(servers.dataSource());
        broker = RecordingHttpServer.start();
        versity = VersityGateway.prepare();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> TRAIN_PORT);
        versity.registerProperties(registry::add);
        registry.add("prodcat.webhook-auth", () -> "store");
        registry.add("prodcat.dataset.buckets", () -> "dataset");
        registry.add("prodcat.dataset.prefix", () -> "train/");
        registry.add("prodcat.events.sink", () -> broker.url());
        registry.add("prodcat.events.auth.mode", () -> "token");
        registry.add("prodcat.events.auth.token", () -> EVENT_TOKEN);
    }

    @BeforeEach
    void versityOnceTrainListens() throws Exception {
        synchronized (VersityNotificationIT.class) {
            if (!versity.started()) {
                versity.start("http://127.0.0.1:" + TRAIN_PORT + "/minio");
                versity.client()
                        .makeBucket(MakeBucketArgs.builder().bucket("dataset").build());
                // Versity's own test event was answered (it would have exited otherwise); nothing was sent on
                assertThat(broker.pending()).isZero();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        versity.close();
        broker.close();
    }

    @Test
    void aPutTrainsAndTheSameBytesAgainAreSkipped() throws Exception {
        String key = "train/versity " + UUID.randomUUID() + "+put.csv";
        byte[] catalogue = SyntheticCatalog.csv(30, 11).getBytes(StandardCharsets.UTF_8);

        put(key, catalogue);
        RecordingHttpServer.Request uploaded = broker.next();
        JsonNode data = JSON.readTree(uploaded.body());
        assertThat(uploaded.header("ce-type")).isEqualTo("io.prodcat.dataset.uploaded");
        assertThat(data.path("key").asString())
                .as("Versity's raw key, '+' and all")
                .isEqualTo(key);
        assertThat(data.path("sizeBytes").asLong()).isEqualTo(catalogue.length);
        assertThat(deliver(uploaded).headers().firstValue("ce-type")).hasValue("io.prodcat.training.completed");

        put(key, catalogue);
        RecordingHttpServer.Request again = broker.next();
        assertThat(again.header("ce-id")).as("the same upload, the same event").isEqualTo(uploaded.header("ce-id"));
        assertThat(deliver(again).headers().firstValue("ce-type")).hasValue("io.prodcat.training.skipped");
        assertThat(trainings("s3://dataset/" + key)).containsExactly("FINISHED");
    }

    @Test
    void aMultipartUploadOfFiftyMegabytesIsOneTraining() throws Exception {
        String key = "train/versity-multipart-" + UUID.randomUUID() + ".csv";
        byte[] catalogue = paddedCatalogue(50 * 1024 * 1024);
        long partSize = 10L * 1024 * 1024; // six parts

        versity.client()
                .putObject(PutObjectArgs.builder().bucket("dataset").object(key).stream(
                                new ByteArrayInputStream(catalogue), (long) catalogue.length, partSize)
                        .build());

        RecordingHttpServer.Request uploaded = broker.next();
        assertThat(JSON.readTree(uploaded.body()).path("sizeBytes").asLong())
                .as("the store's size: Versity's CompleteMultipartUpload record says 0")
                .isEqualTo(catalogue.length);
        assertThat(JSON.readTree(uploaded.body()).path("eTag").asString()).endsWith("-6");
        assertThat(deliver(uploaded).headers().firstValue("ce-type")).hasValue("io.prodcat.training.completed");
        Thread.sleep(1000); // a notification per part would have arrived by now
        assertThat(broker.pending()).as("one notification for the whole upload").isZero();
        assertThat(trainings("s3://dataset/" + key)).containsExactly("FINISHED");
    }

    @Test
    void twentyUploadsAtOnceAreTwentyTrainings() throws Exception {
        String batch = "train/versity-batch-" + UUID.randomUUID() + "/";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int seed = 100 + i;
                puts.add(pool.submit(() -> {
                    put(batch + seed + ".csv", SyntheticCatalog.csv(12, seed).getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
            List<Future<HttpResponse<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RecordingHttpServer.Request uploaded = broker.next();
                deliveries.add(pool.submit(() -> deliver(uploaded)));
            }
            for (Future<HttpResponse<String>> delivery : deliveries) {
                assertThat(delivery.get().headers().firstValue("ce-type")).hasValue("io.prodcat.training.completed");
            }
        } finally {
            pool.shutdown();
        }
        List<String> statuses =
                jdbi.withHandle(h -> h.createQuery("SELECT status FROM auto_training WHERE dataset_path LIKE :p")
                        .bind("p", "s3://dataset/" + batch + "%")
                        .mapTo(String.class)
                        .list());
        assertThat(statuses).hasSize(20).containsOnly("FINISHED");
    }

    /** A catalogue of at least {@code bytes}: a few thousand titles, each row padded by a column training ignores. */
    private static byte[] paddedCatalogue(int bytes) {
        String padding = "x".repeat(2000);
        StringBuilder csv = new StringBuilder("product_name,department,notes\n");
        List<String> rows = SyntheticCatalog.csv(40, 5).lines().skip(1).toList();
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append(rows.get(i % rows.size())).append(",").append(padding).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void put(String key, byte[] content) throws Exception {
        versity.client()
                .putObject(PutObjectArgs.builder().bucket("dataset").object(key).stream(
                                new ByteArrayInputStream(content), (long) content.length, -1L)
                        .build());
    }

    /** What the Broker does with the webhook's event: delivers it to train, with the event credentials. */
    private static HttpResponse<String> deliver(RecordingHttpServer.Request event) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TRAIN_PORT + "/"))
                .header("Authorization", "Bearer " + EVENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
        event.headers().forEach((name, values) -> {
            if (name.startsWith("ce-") || name.equals("content-type")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static List<String> trainings(String datasetPath) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM auto_training WHERE dataset_path = :p")
                .bind("p", datasetPath)
                .mapTo(String.class)
                .list());
    }
}
