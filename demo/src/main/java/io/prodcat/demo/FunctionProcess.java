package io.prodcat.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function running as a separate process on a local port, configured through the same environment variables its
 * Knative Service sets: its Boot jar (the artifact its image is built from), or with {@code --images} its image in a
 * container run as the Service runs it ({@link ServiceContainer}).
 */
final class FunctionProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final String container;

    private FunctionProcess(String name, int port, Process process, Path log, String container) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.container = container;
    }

    static FunctionProcess start(String name, Path jar, int port, Map<String, String> env, Path logDir)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B package -DskipTests");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java, "-XX:TieredStopAtLevel=1", "-Xmx512m", "-Dspring.main.banner-mode=off", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = logDir.resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        return new FunctionProcess(name, port, builder.start(), log, null);
    }

    /**
     * The function's image, run as its Knative Service ({@code service}, read from the manifests) runs it; the
     * container is removed on {@link #close()}.
     */
    static FunctionProcess container(
            ServiceContainer service, String image, int port, Map<String, String> env, List<Path> hostDirs, Path logDir)
            throws IOException {
        String name = service.function();
        Map<String, String> demo = new java.util.LinkedHashMap<>(env);
        demo.put("PORT", Integer.toString(port));
        String containerName = "prodcat-demo-" + name + "-" + port;
        ProcessBuilder builder =
                new ProcessBuilder(service.command(image, containerName, demo, hostDirs)).redirectErrorStream(true);
        Path log = logDir.resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        builder.environment().putAll(service.environmentWith(demo));
        return new FunctionProcess(name, port, builder.start(), log, containerName);
    }

    /** The container's name; null for a jar. */
    String container() {
        return container;
    }

    /** The container's main process as this machine sees it; empty for a jar (a child of the demo's) or when gone. */
    java.util.Optional<ProcessHandle> containerProcess() {
        if (container == null) {
            return java.util.Optional.empty();
        }
        String pid = podman("inspect", "--format", "{{.State.Pid}}", container).strip();
        return pid.matches("[1-9]\\d*") ? ProcessHandle.of(Long.parseLong(pid)) : java.util.Optional.empty();
    }

    /** Runs podman with these arguments; its output. */
    static String podman(String... arguments) {
        List<String> command = new ArrayList<>(ServiceContainer.PODMAN);
        command.addAll(List.of(arguments));
        try {
            Process podman =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(podman.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!podman.waitFor(60, TimeUnit.SECONDS)) {
                podman.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path log() {
        return log;
    }

    /** Waits until the function's liveness endpoint answers (readiness may wait for a model: predict's does). */
    void awaitAlive(Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest liveness = HttpRequest.newBuilder(uri("/actuator/health/liveness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not start within " + timeout.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (container != null) {
            podman("rm", "--force", "--ignore", "--time", "10", container);
        }
    }
}
