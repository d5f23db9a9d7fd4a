package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The train image as the webhook Service (knative/webhook.yaml): MinIO's notifications in, dataset.uploaded out to
 * the Broker with the token the SinkBinding mounts; training events are not taken here, whoever sends them. Event
 * deliveries use mode {@code token} here, the shared-secret mode for clusters without OIDC.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "webhook_service")
class WebhookServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WEBHOOK_TOKEN = "webhook-" + UUID.randomUUID();
    private static final String EVENT_TOKEN = "events-" + UUID.randomUUID();
    private static final String SINK_TOKEN = "sink-" + UUID.randomUUID();

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static RecordingHttpServer broker;
    private static Path sinkToken;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        jdbcUrl = servers.jdbcUrl();
        jdbi = Database.jdbi(mariaDb.dataSource(jdbcUrl));
        broker = RecordingHttpServer.start();
        sinkToken = Files.createTempFile("oidc", "token");
        Files.writeString(sinkToken, SINK_TOKEN + "\n");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.webhook-only", () -> "true");
        registry.add("prodcat.webhook-token", () -> WEBHOOK_TOKEN);
        registry.add("prodcat.events.sink", () -> broker.url());
        registry.add("prodcat.events.sink-token-file", () -> sinkToken.toString());
        registry.add("prodcat.events.auth.mode", () -> "token");
        registry.add("prodcat.events.auth.token", () -> EVENT_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        Files.deleteIfExists(sinkToken);
    }

    @Test
    void takesNoTrainingEventsEvenWithTheEventToken() throws Exception {
        for (String path : new String[] {"/", "/train"}) {
            HttpResponse<String> answer = post(
                    path,
                    "Bearer " + EVENT_TOKEN,
                    "{\"bucket\":\"dataset\",\"key\":\"train/a.csv\",\"sizeBytes\":-1}",
                    "io.prodcat.dataset.uploaded");

            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(403);
        }
        long ledgerRows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_training")
                .mapTo(Long.class)
                .one());
        assertThat(ledgerRows).isZero();
    }

    @Test
    void forwardsAnUploadToTheBrokerWithTheMountedToken() throws Exception {
        String upload = """
                {"EventName":"s3:ObjectCreated:Put","Key":"dataset/train/shop.csv","Records":[{
                 "eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"dataset"},
                 "object":{"key":"train/shop.csv","size":10,"eTag":"abc"}}}]}""";

        HttpResponse<String> wrongToken = post("/minio", "Bearer " + EVENT_TOKEN, upload, null);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(broker.pending()).isZero();

        HttpResponse<String> accepted = post("/minio", "Bearer " + WEBHOOK_TOKEN, upload, null);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        RecordingHttpServer.Request sent = broker.next();
        assertThat(sent.header("ce-type")).isEqualTo("io.prodcat.dataset.uploaded");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + SINK_TOKEN);
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).contains("train/shop.csv");
    }

    private HttpResponse<String> post(String path, String authorization, String body, String eventType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (eventType != null) {
            request.header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-source", "/test")
                    .header("ce-type", eventType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
