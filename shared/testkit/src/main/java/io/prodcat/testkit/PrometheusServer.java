package io.prodcat.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus} package; {@code .ci/run} installs it) scraping the given targets'
 * {@code /actuator/prometheus} every second with a Bearer token, with prodcat's alerting rules loaded; queried
 * through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final String url;
    private final Process process;
    private final Path workDir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(String url, Process process, Path workDir) {
        this.url = url;
        this.process = process;
        this.workDir = workDir;
    }

    /** The binary: PRODCAT_PROMETHEUS, else {@code prometheus} on the PATH; a clear failure when there is none. */
    public static Path binary() {
        String configured = System.getenv("PRODCAT_PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return OnPath.find("prometheus")
                .orElseThrow(() -> new IllegalStateException(
                        "prometheus is not installed: apt-get install prometheus (.ci/run does),"
                                + " or set PRODCAT_PROMETHEUS to its binary"));
    }

    /** Whether {@link #binary()} finds one, for callers that may go on without it. */
    public static boolean installed() {
        try {
            binary();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * @param targets   job name → {@code host:port} of a function
     * @param token     the Bearer token the functions take (PRODCAT_METRICS_TOKEN)
     * @param ruleFiles alerting rule files to load
     */
    public static PrometheusServer start(Map<String, String> targets, String token, List<Path> ruleFiles)
            throws Exception {
        Path workDir = TempDirs.create("prodcat-prometheus");
        Path tokenFile = workDir.resolve("token");
        Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
        config.append("rule_files:\n");
        for (Path rules : ruleFiles) {
            config.append("  - '").append(rules.toAbsolutePath()).append("'\n");
        }
        config.append("scrape_configs:\n");
        targets.forEach((job, target) -> config.append("  - job_name: '")
                .append(job)
                .append("'\n    metrics_path: /actuator/prometheus\n    authorization:\n      credentials_file: '")
                .append(tokenFile)
                .append("'\n    static_configs:\n      - targets: ['")
                .append(target)
                .append("']\n"));
        Path configFile = workDir.resolve("prometheus.yml");
        Files.writeString(configFile, config, StandardCharsets.UTF_8);
        int port = FreePort.find();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(
                        binary().toString(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer("http://127.0.0.1:" + port, process, workDir);
        try {
            server.awaitReady(log);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String url() {
        return url;
    }

    private void awaitReady(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; its log ends:\n"
                        + ProcessLogs.tail(log, 20));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus was not ready within " + STARTUP_TIMEOUT.toSeconds()
                + " s; its log ends:\n" + ProcessLogs.tail(log, 20));
    }

    /** An instant query's {@code data} ({@code resultType} and {@code result}); fails unless the status is success. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
            throw new IllegalStateException("prometheus refused " + promql + ": " + answer.body());
        }
        return body.path("data");
    }

    /** The scrape targets' health ({@code up}, {@code down} or {@code unknown}) by job. */
    public Map<String, String> targetHealth() throws IOException, InterruptedException {
        JsonNode active =
                JSON.readTree(get("/api/v1/targets").body()).path("data").path("activeTargets");
        Map<String, String> health = new java.util.TreeMap<>();
        active.forEach(target -> health.put(
                target.path("labels").path("job").asString(),
                target.path("health").asString()));
        return health;
    }

    /** The names of the alerting rules Prometheus loaded. */
    public List<String> alertRules() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        JSON.readTree(get("/api/v1/rules?type=alert").body())
                .path("data")
                .path("groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule -> names.add(rule.path("name").asString())));
        return names;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        TempDirs.deleteRecursively(workDir);
    }
}
