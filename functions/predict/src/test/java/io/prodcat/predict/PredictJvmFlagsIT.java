package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prodcat.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict started with the container's JVM options ({@code container/jvm-flags}; on this JVM, so without the Java 25
 * AOT cache) runs the prediction log's writer at nice 19, so that a flush yields the core to requests, and no thread
 * above nice 0: run as root, the JVM would otherwise raise its compiler, GC and VM threads above the requests. Reads the
 * threads' nice values from /proc, as Linux (and the container) has them.
 */
class PredictJvmFlagsIT {

    @TempDir
    Path dir;

    @Test
    void theLogWriterRunsAtNice19AndNoThreadAboveTheRequests() throws Exception {
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(ContainerJvmFlags.read(Path.of("container/jvm-flags")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PredictApplication.class.getName()));
        Path log = dir.resolve("predict.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(FreePort.find()));
        builder.environment().put("MLFLOW_TRACKING_URI", "none");
        builder.environment().put("PRODCAT_PREDICTION_LOG_SAMPLE", "1.0");
        Process predict = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !predict.isAlive() || Files.readString(log).contains("Started PredictApplication"));
            assertThat(predict.isAlive())
                    .as("predict started with container/jvm-flags; its log:%n%s", Files.readString(log))
                    .isTrue();

            // the lowest nice (the highest priority) of each group of threads
            Map<String, Long> niceByGroup =
                    ProcThreads.byGroup(predict.pid(), stat -> ProcThreads.field(stat, 19), Math::min);
            assertThat(niceByGroup).containsEntry("prediction-log-", 19L);
            // Tomcat's request threads, "http-nio-<port>-" (Linux keeps 15 characters of a thread's name)
            Map<String, Long> requestThreads = new TreeMap<>(niceByGroup);
            requestThreads.keySet().removeIf(group -> !group.startsWith("http-nio-"));
            assertThat(requestThreads.values())
                    .as("request threads at the default: %s", requestThreads)
                    .isNotEmpty()
                    .containsOnly(0L);
            assertThat(niceByGroup.values())
                    .as("threads by nice: %s", niceByGroup)
                    .allMatch(nice -> nice >= 0);
        } finally {
            predict.destroy();
            if (!predict.waitFor(20, TimeUnit.SECONDS)) {
                predict.destroyForcibly();
            }
        }
    }
}
