package io.prodcat.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mlflow.tracking.MlflowClient;

/**
 * A real MLflow tracking server with model registry and artifact proxy for tests: {@code mlflow server}
 * from the project's virtualenv (created on first use) on a SQLite store in a temporary directory, or the
 * server at {@code MLFLOW_TRACKING_URI} when that is set.
 */
public final class MlflowServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final String trackingUri;
    private final Process process;
    private final Path workDir;

    private MlflowServer(String trackingUri, Process process, Path workDir) {
        this.trackingUri = trackingUri;
        this.process = process;
        this.workDir = workDir;
    }

    public static MlflowServer start() throws Exception {
        String external = System.getenv("MLFLOW_TRACKING_URI");
        if (external != null && !external.isBlank()) {
            awaitHealthy(external, null, null, Duration.ofSeconds(10));
            return new MlflowServer(external, null, null);
        }
        Path mlflow = PythonVenv.fromBuild().ensureInstalled("mlflow");
        Path workDir = TempDirs.create("prodcat-mlflow");
        int port = FreePort.find();
        String uri = "http://127.0.0.1:" + port;
        Path log = workDir.resolve("server.log");
        Process process = new ProcessBuilder(List.of(
                        mlflow.toString(),
                        "server",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--workers",
                        "1",
                        "--backend-store-uri",
                        "sqlite:///" + workDir.resolve("mlflow.db"),
                        "--serve-artifacts",
                        "--artifacts-destination",
                        workDir.resolve("artifacts").toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitHealthy(uri, process, log, STARTUP_TIMEOUT);
        } catch (Exception e) {
            stop(process);
            TempDirs.deleteRecursively(workDir);
            throw e;
        }
        return new MlflowServer(uri, process, workDir);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:5000}. */
    public String trackingUri() {
        return trackingUri;
    }

    public MlflowClient client() {
        return new MlflowClient(trackingUri);
    }

    private static void awaitHealthy(String uri, Process process, Path log, Duration timeout)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(uri + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue()
                        + " before it was ready; its log ends:\n" + ProcessLogs.tail(log, 30));
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("MLflow at " + uri + " was not healthy within " + timeout.toSeconds()
                + " s (" + lastProblem + ")"
                + (log == null ? "; check MLFLOW_TRACKING_URI" : "; its log ends:\n" + ProcessLogs.tail(log, 30)));
    }

    private static void stop(Process process) throws InterruptedException {
        // mlflow server forks workers; stop them too so no port stays taken
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            stop(process);
        }
        TempDirs.deleteRecursively(workDir);
    }
}
