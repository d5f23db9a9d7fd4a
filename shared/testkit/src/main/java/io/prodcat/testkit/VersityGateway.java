package io.prodcat.testkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server with real bucket notifications: Versity Gateway (Apache-2.0) serving a directory, posting AWS's
 * S3 event envelope to a webhook for every object created or removed. Built once from the Go module proxy
 * ({@code go install github.com/versity/versitygw/cmd/versitygw@}{@value #VERSION}, about a minute) into
 * {@code ~/.cache/prodcat-versitygw/}{@value #VERSION}, or PRODCAT_VERSITYGW names a binary.
 */
public final class VersityGateway implements S3Endpoint, AutoCloseable {

    public static final String VERSION = "v1.8.0";
    /**
     * Not us-east-1: io.minio names the client's region as the new bucket's location constraint, and Versity refuses
     * "us-east-1" as one (AWS's own rule), so a bucket could not be made in its default region.
     */
    public static final String REGION = "eu-west-1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private Process process;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private VersityGateway(Path workDir, int port, String accessKey, String secretKey) {
        this.workDir = workDir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Whether {@link #binary()} can give one: named, built already, or Go is there to build it. */
    public static boolean obtainable() {
        String configured = System.getenv("PRODCAT_VERSITYGW");
        return (configured != null && !configured.isBlank())
                || Files.isExecutable(cacheDir().resolve("versitygw"))
                || OnPath.find("go").isPresent();
    }

    private static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "prodcat-versitygw", VERSION);
    }

    /** The binary, built first when absent; a clear failure when it cannot be (no Go, no module proxy). */
    public static synchronized Path binary() throws IOException, InterruptedException {
        String configured = System.getenv("PRODCAT_VERSITYGW");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = cacheDir();
        Path binary = dir.resolve("versitygw");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path go = OnPath.find("go")
                .orElseThrow(() -> new IllegalStateException("Versity Gateway is built with Go, and there is no `go`"
                        + " on the PATH: apt-get install golang-go (.ci/run does), or set PRODCAT_VERSITYGW"));
        Files.createDirectories(dir);
        Path building = Files.createTempDirectory(dir, "build");
        Path log = dir.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder(
                        List.of(go.toString(), "install", "github.com/versity/versitygw/cmd/versitygw@" + VERSION))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        build.environment().put("GOBIN", building.toString());
        build.environment().put("GOFLAGS", "-mod=mod");
        Process running = build.start();
        if (!running.waitFor(10, TimeUnit.MINUTES) || running.exitValue() != 0) {
            running.destroyForcibly();
            throw new IllegalStateException("go install of Versity Gateway " + VERSION + " failed; its log ends:\n"
                    + ProcessLogs.tail(log, 20));
        }
        Files.move(building.resolve("versitygw"), binary, StandardCopyOption.ATOMIC_MOVE);
        TempDirs.deleteRecursively(building);
        return binary;
    }

    /**
     * A gateway with its port and credentials chosen but not started: Versity posts a test event to the webhook as
     * it starts and exits when nothing answers, so the webhook's function starts first, configured with these.
     */
    public static VersityGateway prepare() throws IOException {
        return new VersityGateway(
                TempDirs.create("prodcat-versity"),
                FreePort.find(),
                "versity-" + UUID.randomUUID().toString().substring(0, 8),
                UUID.randomUUID().toString());
    }

    /** Serves a fresh directory, posting every bucket notification to {@code webhookUrl}. */
    public synchronized VersityGateway start(String webhookUrl) throws Exception {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        Path binary = binary();
        Path data = Files.createDirectories(workDir.resolve("data"));
        Path log = workDir.resolve("versitygw.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--port",
                        "127.0.0.1:" + port,
                        "--region",
                        REGION,
                        "--event-webhook-url",
                        webhookUrl,
                        "posix",
                        data.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the root credentials from the environment, not the command line (ps shows arguments to everyone)
        builder.environment().put("ROOT_ACCESS_KEY", accessKey);
        builder.environment().put("ROOT_SECRET_KEY", secretKey);
        process = builder.start();
        try {
            awaitListening(log);
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    public boolean started() {
        return process != null && process.isAlive();
    }

    private void awaitListening(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("versitygw exited with " + process.exitValue() + "; its log ends:\n"
                        + ProcessLogs.tail(log, 20));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("versitygw did not listen within " + STARTUP_TIMEOUT.toSeconds()
                + " s; its log ends:\n" + ProcessLogs.tail(log, 20));
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public synchronized void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        TempDirs.deleteRecursively(workDir);
    }
}
