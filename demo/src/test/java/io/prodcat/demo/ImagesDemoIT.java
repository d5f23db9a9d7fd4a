package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.testkit.OnPath;
import io.prodcat.testkit.Prerequisite;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prodcat demo --images}: the three images built from this build's jars ({@code functions/images.sh
 * --jars-built}) and run with podman as their Knative Services run them; the chain from upload to a served champion,
 * and inside each container what the manifests ask for (user, read-only root, no capabilities, memory limit).
 */
class ImagesDemoIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theChainRunsFromTheImagesAsTheirKnativeServicesRunThem(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("prodcat.root"));
        String images = buildImages(root, dir);
        Path data = dir.resolve("catalog.csv");
        Files.writeString(data, SyntheticCatalog.pathCsv(30, 17), StandardCharsets.UTF_8);
        StringWriter printed = new StringWriter();
        try (DemoRun run = new DemoRun(
                root,
                data,
                "product_name",
                "department",
                300,
                true,
                false,
                false,
                images,
                false,
                new PrintWriter(printed, true))) {
            DemoResult result = run.execute();

            assertThat(printed.toString())
                    .as(printed.toString())
                    .contains("predict: image localhost/prodcat/predict:")
                    .contains("io.prodcat.dataset.uploaded -> prodcat-train: 200, reply io.prodcat.training.completed")
                    .contains("io.prodcat.model.promoted -> prodcat-predict: 202")
                    .doesNotContain("DEAD LETTER");
            assertThat(result.championVersion()).isEqualTo("1");
            assertThat(result.predictions())
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo("1"));
            assertThat(result.reuploadSkipped()).isTrue();
            // the functions' sockets are the containers' (on the host's network), all on loopback
            assertThat(result.listening())
                    .hasSizeGreaterThanOrEqualTo(7)
                    .allSatisfy(socket -> assertThat(socket).startsWith("127.0.0.1:"));

            DemoFunctions functions = run.functions();
            assertContainedAsTheManifestsSay(functions.train(), 1024L << 20);
            assertContainedAsTheManifestsSay(functions.evaluate(), 768L << 20);
            assertContainedAsTheManifestsSay(functions.predict(), 384L << 20);
            assertRefusedFeedbackWritesNothing(run, result.predictions().get(0).trueLabel());
        }
    }

    /** Checked from inside the running container, not from its configuration. */
    private static void assertContainedAsTheManifestsSay(FunctionProcess function, long memoryLimit) {
        String container = function.container();
        assertThat(container).as("%s runs in a container", function).isNotNull();
        String seen = FunctionProcess.podman(
                "exec",
                container,
                "sh",
                "-c",
                "id -u; grep CapEff /proc/1/status; cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                        + " /sys/fs/cgroup/memory.max 2>/dev/null; touch /app/written 2>&1 || true;"
                        + " touch /tmp/written && echo tmp-writable");
        assertThat(seen)
                .as(container + ": " + seen)
                .startsWith("10001\n")
                .contains("CapEff:\t0000000000000000")
                .contains(Long.toString(memoryLimit))
                .contains("Read-only file system")
                .contains("tmp-writable");
    }

    /**
     * A correction without the feedback key (which would have been stored had it been let in) is refused and leaves
     * no feedback row; the same body with the key is stored.
     */
    private static void assertRefusedFeedbackWritesNothing(DemoRun run, String knownLabel) throws Exception {
        DemoFunctions functions = run.functions();
        String body = "{\"text\": \"Organic Whole Milk 1 Gallon\", \"label\": \"" + knownLabel + "\"}";
        long before = feedbackRows(run);
        assertThat(post(functions.predict().uri("/feedback"), body, null).statusCode())
                .isEqualTo(401);
        assertThat(post(functions.predict().uri("/feedback"), body, "not-a-key").statusCode())
                .isEqualTo(401);
        assertThat(feedbackRows(run)).isEqualTo(before);
        assertThat(post(
                                functions.predict().uri("/feedback"),
                                body,
                                functions.apiKeys().feedback())
                        .statusCode())
                .isEqualTo(201);
        assertThat(feedbackRows(run)).isEqualTo(before + 1);
    }

    private static long feedbackRows(DemoRun run) {
        return run.servers()
                .ledger()
                .withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM feedback")
                        .mapTo(Long.class)
                        .one());
    }

    private static HttpResponse<String> post(URI uri, String json, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** functions/images.sh on the jars this build made; the image names' format. */
    private static String buildImages(Path root, Path dir) throws Exception {
        for (String tool : List.of("podman", "runc", "mmdebstrap")) {
            Prerequisite.require(
                    OnPath.find(tool).isPresent(),
                    tool + " is needed to build and run the images (apt-get install " + tool + ")");
        }
        Path log = dir.resolve("images.log");
        Process images = new ProcessBuilder(root.resolve("functions/images.sh").toString(), "--jars-built")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(images.waitFor(15, TimeUnit.MINUTES))
                .as("images built within 15 minutes")
                .isTrue();
        String printed = Files.readString(log);
        assertThat(images.exitValue()).as(printed).isZero();
        String tag =
                Files.readString(root.resolve("functions/target/images/tag")).strip();
        return "localhost/prodcat/%s:" + tag;
    }
}
