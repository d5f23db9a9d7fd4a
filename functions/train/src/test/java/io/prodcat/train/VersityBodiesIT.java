package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.prodcat.events.BucketNotification;
import io.prodcat.testkit.Prerequisite;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.VersityGateway;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Versity bodies committed as test resources (shared/events, {@code notifications/versity-1.8.0-*.json}) are
 * what Versity Gateway sends: the same uploads, made again against a live gateway, give bodies with the same fields,
 * decoded alike. The live bodies are written to {@code target/versity-notifications/} to refresh the resources
 * with when Versity's version changes.
 */
class VersityBodiesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CAPTURED =
            Path.of(System.getProperty("prodcat.root"), "shared/events/src/test/resources/notifications");

    @Test
    void liveBodiesHaveTheCapturedFieldsAndDecodeAlike() throws Exception {
        Prerequisite.require(VersityGateway.obtainable(), "Versity Gateway is built with Go: no `go` on the PATH");
        Path written = Files.createDirectories(Path.of("target", "versity-notifications"));
        try (RecordingHttpServer hook = RecordingHttpServer.start(200, 200, 200, 200);
                VersityGateway versity = VersityGateway.prepare().start(webhook(hook))) {
            byte[] small = "product_name,department\nmilk,dairy\n".getBytes(StandardCharsets.UTF_8);
            byte[] large = new byte[12 * 1024 * 1024];
            versity.client()
                    .makeBucket(MakeBucketArgs.builder().bucket("dataset").build());
            String test = compare(hook, "versity-1.8.0-test-event.json", written);
            versity.client()
                    .putObject(PutObjectArgs.builder().bucket("dataset").object("train/products one+two.csv").stream(
                                    new ByteArrayInputStream(small), (long) small.length, -1L)
                            .build());
            String put = compare(hook, "versity-1.8.0-put.json", written);
            versity.client()
                    .putObject(PutObjectArgs.builder().bucket("dataset").object("train/big.csv").stream(
                                    new ByteArrayInputStream(large), (long) large.length, 5L * 1024 * 1024)
                            .build());
            String multipart = compare(hook, "versity-1.8.0-complete-multipart-upload.json", written);
            versity.client()
                    .removeObject(RemoveObjectArgs.builder()
                            .bucket("dataset")
                            .object("train/products one+two.csv")
                            .build());
            String delete = compare(hook, "versity-1.8.0-delete.json", written);

            assertThat(BucketNotification.parse(test.getBytes(StandardCharsets.UTF_8))
                            .isTest())
                    .isTrue();
            BucketNotification.ObjectEvent putRecord = BucketNotification.parse(put.getBytes(StandardCharsets.UTF_8))
                    .records()
                    .get(0);
            assertThat(putRecord.rawKey()).isEqualTo("train/products one+two.csv");
            assertThat(putRecord.sizeBytes()).isEqualTo(small.length);
            assertThat(BucketNotification.parse(multipart.getBytes(StandardCharsets.UTF_8))
                            .records()
                            .get(0)
                            .eTag())
                    .endsWith("-3");
            assertThat(BucketNotification.parse(delete.getBytes(StandardCharsets.UTF_8))
                            .records()
                            .get(0)
                            .isObjectCreated())
                    .isFalse();
        }
    }

    private static String webhook(RecordingHttpServer hook) {
        return hook.url() + "minio";
    }

    /** The next body Versity sent, with the same field paths as the committed one; written out for refreshing. */
    private static String compare(RecordingHttpServer hook, String fixture, Path written) throws Exception {
        String live = new String(hook.next().body(), StandardCharsets.UTF_8);
        Files.writeString(written.resolve(fixture), live, StandardCharsets.UTF_8);
        JsonNode committed = JSON.readTree(Files.readString(CAPTURED.resolve(fixture)));
        assertThat(paths(JSON.readTree(live), ""))
                .as("fields of Versity's live %s body", fixture)
                .isEqualTo(paths(committed, ""));
        return live;
    }

    private static Set<String> paths(JsonNode node, String at) {
        Set<String> paths = new TreeSet<>();
        if (node.isObject()) {
            for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
                String name = names.next();
                paths.addAll(paths(node.get(name), at + "/" + name));
            }
        } else if (node.isArray()) {
            node.forEach(element -> paths.addAll(paths(element, at + "[]")));
        } else {
            paths.add(at);
        }
        return paths;
    }
}
