package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MakeBucketArgs;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
 * The webhook for S3 servers that send no token (PRODCAT_WEBHOOK_AUTH=store, docs/SECURITY.md): nobody authenticates
 * a notification, so each record must name an object really stored in the dataset location with the record's ETag
 * and size, read with train's own credentials. A forged record is refused and sends nothing to the Broker (nothing
 * is trained); a real upload's notification, in Versity's or AWS's shape, is sent on with what the store says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "store_checked_webhook")
class StoreCheckedWebhookIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static S3Server s3;
    private static RecordingHttpServer broker;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        s3 = servers.s3();
        broker = RecordingHttpServer.start();
        for (String bucket : new String[] {"dataset", "elsewhere"}) {
            if (!s3.client()
                    .bucketExists(
                            io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
                s3.client().makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.webhook-only", () -> "true");
        registry.add("prodcat.webhook-auth", () -> "store");
        registry.add("prodcat.events.sink", () -> broker.url());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void aRealUploadsNotificationIsSentOnWithWhatTheStoreSays() throws Exception {
        // Versity sends the key as it is ('+' is a plus) and the ETag in quotes; the record's size is checked too
        String key = "train/shop " + UUID.randomUUID() + "+1.csv";
        String eTag = upload("dataset", key, "product_name,department\nmilk,dairy\n");

        HttpResponse<String> answer = post(notification(key, 35, "\"" + eTag + "\""));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode data = JSON.readTree(broker.next().body());
        assertThat(data.path("bucket").asString()).isEqualTo("dataset");
        assertThat(data.path("key").asString()).isEqualTo(key);
        assertThat(data.path("sizeBytes").asLong()).isEqualTo(35);
        assertThat(data.path("eTag").asString()).isEqualTo(eTag);
    }

    @Test
    void forgedRecordsAreRefusedAndNothingIsSent() throws Exception {
        String key = "train/real-" + UUID.randomUUID() + ".csv";
        String eTag = upload("dataset", key, "product_name,department\nmilk,dairy\n");
        String outside = "train/outside-" + UUID.randomUUID() + ".csv";
        String outsideTag = upload("elsewhere", outside, "product_name,department\nmilk,dairy\n");
        int pending = broker.pending();

        HttpResponse<String> missing =
                post(notification("train/never-uploaded-" + UUID.randomUUID() + ".csv", 35, eTag));
        HttpResponse<String> wrongTag = post(notification(key, 35, "0123456789abcdef0123456789abcdef"));
        HttpResponse<String> wrongSize = post(notification(key, 36, eTag));
        HttpResponse<String> noTag = post(notification(key, 35, null));
        HttpResponse<String> otherBucket = post(notification("elsewhere", outside, 35, outsideTag));
        HttpResponse<String> outOfPrefix = post(notification("dataset", "models/" + key, 35, eTag));

        for (HttpResponse<String> refusal : new HttpResponse[] {missing, wrongTag, wrongSize, noTag, otherBucket}) {
            assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(403);
            assertThat(JSON.readTree(refusal.body()).path("refused")).hasSize(1);
        }
        assertThat(outOfPrefix.statusCode()).as(outOfPrefix.body()).isEqualTo(403);
        assertThat(broker.pending())
                .as("no dataset.uploaded for a forged record")
                .isEqualTo(pending);
    }

    @Test
    void aTestEventAndADeletionAreAcknowledgedAndSendNothing() throws Exception {
        int pending = broker.pending();
        HttpResponse<String> test = post("{\"Bucket\":\"Test-Bucket\",\"Event\":\"s3:TestEvent\",\"Service\":\"S3\"}");
        HttpResponse<String> deletion = post("""
                {"Records":[{"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"dataset"},
                 "object":{"key":"train/gone.csv","eTag":null}}}]}""");

        assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
        assertThat(deletion.statusCode()).as(deletion.body()).isEqualTo(200);
        assertThat(broker.pending()).isEqualTo(pending);
    }

    private static String upload(String bucket, String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ObjectWriteResponse written = s3.client()
                .putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                        .build());
        return written.etag().replace("\"", "");
    }

    private static String notification(String key, long size, String eTag) {
        return notification("dataset", key, size, eTag);
    }

    /** AWS's envelope as Versity Gateway sends it (versity-1.8.0-put.json in shared/events' test resources). */
    private static String notification(String bucket, String key, long size, String eTag) {
        String tag = eTag == null ? "null" : JSON.writeValueAsString(eTag);
        return "{\"Records\":[{\"eventVersion\":\"2.2\",\"eventSource\":\"aws:s3\",\"eventName\":"
                + "\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":" + JSON.writeValueAsString(bucket)
                + "},\"object\":{\"key\":" + JSON.writeValueAsString(key) + ",\"size\":" + size + ",\"eTag\":" + tag
                + ",\"sequencer\":\"1\"}}}]}";
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/minio"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
