package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The OpenFaaS workload contract and its direct wiring, with the function jars run as openfaas/stack.yml runs their
 * images: its environment (the cluster's addresses swapped for this test's MariaDB and S3, the gateway's function
 * paths for the functions' ports, as the gateway maps /function/NAME and /async-function/NAME to the function's /),
 * its secrets as files in the directory OpenFaaS mounts them in (one secret per setting), its health and readiness
 * paths from its annotations. Upload → MinIO's notification → train → evaluate → predict serves the champion, with
 * no router: each function posts its event to the next through PRODCAT_EVENTS_ROUTES with the shared token.
 */
class OpenFaasWorkloadIT {

    private static final Path ROOT = Path.of(System.getProperty("prodcat.root", ".."));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Kept after the test, for a failure's diagnosis. */
    private static final Path LOGS = ROOT.resolve("demo/target/openfaas-logs");

    @Test
    void uploadToServedChampionThroughTheDirectWiringOfTheStack(@TempDir Path dir) throws Exception {
        JsonNode stack = stack().path("functions");
        try (MariaDbServer mariaDb = MariaDbServer.start();
                S3Server s3 = S3Server.start()) {
            String jdbcUrl = mariaDb.createDatabase("openfaas");
            Jdbi ledger = Database.jdbi(mariaDb.dataSource(jdbcUrl));
            Map<String, String> secretValues = new LinkedHashMap<>();
            secretValues.put("minio.access-key", s3.accessKey());
            secretValues.put("minio.secret-key", s3.secretKey());
            secretValues.put("mysql.user", mariaDb.user());
            secretValues.put("mysql.password", mariaDb.password());
            secretValues.put("prodcat.events.auth.token", "events-" + UUID.randomUUID());
            secretValues.put("prodcat.metrics.token", "metrics-" + UUID.randomUUID());
            secretValues.put("prodcat.webhook-token", "webhook-" + UUID.randomUUID());
            secretValues.put("prodcat.access.api-keys", "");
            Map<String, Integer> ports = new LinkedHashMap<>();
            stack.propertyNames().forEach(name -> ports.put(name, FreePort.find()));

            List<FunctionProcess> started = new ArrayList<>();
            try {
                for (String name : stack.propertyNames()) {
                    JsonNode function = stack.path(name);
                    Path secrets = Files.createDirectories(dir.resolve(name + "-secrets"));
                    for (JsonNode secret : function.path("secrets")) {
                        // one secret per setting, mounted as a file of its name
                        assertThat(secretValues).containsKey(secret.asString());
                        Files.writeString(secrets.resolve(secret.asString()), secretValues.get(secret.asString()));
                    }
                    Map<String, String> env = new LinkedHashMap<>();
                    function.path("environment")
                            .properties()
                            .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
                    env.put("MINIO_ENDPOINT", s3.endpoint());
                    env.put("MYSQL_URL", jdbcUrl);
                    env.put("MLFLOW_TRACKING_URI", "none");
                    env.put("PRODCAT_EVENTS_ROUTES", localRoutes(env.get("PRODCAT_EVENTS_ROUTES"), ports));
                    env.put("PRODCAT_SECRETS_DIR", secrets + "/"); // a config tree location ends with /
                    env.put(
                            "PRODCAT_EVENTS_SINK_TOKEN_FILE",
                            dir.resolve("no-oidc-token").toString());
                    started.add(FunctionProcess.start(
                            name, jar(name), ports.get(name), env, Files.createDirectories(LOGS)));
                }
                for (FunctionProcess function : started) {
                    function.awaitAlive(Duration.ofMinutes(3));
                }
                for (String name : stack.propertyNames()) {
                    String liveness = stack.path(name)
                            .path("annotations")
                            .path("com.openfaas.health.http.path")
                            .asString();
                    assertThat(get(ports.get(name), liveness, null).statusCode())
                            .as(name)
                            .isEqualTo(200);
                }
                String predictReadiness = stack.path("prodcat-predict")
                        .path("annotations")
                        .path("com.openfaas.ready.http.path")
                        .asString();
                assertThat(get(ports.get("prodcat-predict"), predictReadiness, null)
                                .statusCode())
                        .as("predict is not ready before it has a model")
                        .isEqualTo(503);
                // an event without the shared token (a secret file) is refused
                assertThat(post(ports.get("prodcat-evaluate"), "/", "{}", "not-the-token")
                                .statusCode())
                        .isEqualTo(401);

                byte[] csv = SyntheticCatalog.csv(40, 5).getBytes(StandardCharsets.UTF_8);
                MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey())
                        .put(
                                new S3Location("dataset", "train/openfaas.csv"),
                                new ByteArrayInputStream(csv),
                                csv.length,
                                "text/csv");
                HttpResponse<String> notified = post(
                        ports.get("prodcat-train"),
                        "/minio",
                        new String(
                                MinioEventBody.objectCreated(
                                        "dataset", "train/openfaas.csv", csv.length, null, "text/csv", s3.accessKey()),
                                StandardCharsets.UTF_8),
                        secretValues.get("prodcat.webhook-token"));
                assertThat(notified.statusCode()).as(notified.body()).isBetween(200, 299);

                org.awaitility.Awaitility.await("predict serves the champion")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> get(ports.get("prodcat-predict"), predictReadiness, null)
                                        .statusCode()
                                == 200);
                JsonNode model = tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readTree(get(ports.get("prodcat-predict"), "/model", null)
                                .body());
                assertThat(model.path("version").asString()).isEqualTo("1");
                assertThat(ledger.onDemand(AliasChangeDao.class).history("prodcat-classifier", 10))
                        .singleElement()
                        .satisfies(change -> assertThat(change.changedBy()).isEqualTo("evaluate"));
            } finally {
                for (FunctionProcess function : started) {
                    function.close();
                }
            }
        }
    }

    /** The stack's gateway URLs ({@code /function/NAME}, {@code /async-function/NAME}) as the local functions' roots. */
    static String localRoutes(String routes, Map<String, Integer> ports) {
        String local = routes;
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            String root = "http://127.0.0.1:" + port.getValue() + "/";
            local = local.replace("http://gateway.openfaas:8080/async-function/" + port.getKey(), root)
                    .replace("http://gateway.openfaas:8080/function/" + port.getKey(), root);
        }
        return local;
    }

    private static JsonNode stack() throws java.io.IOException {
        return new tools.jackson.dataformat.yaml.YAMLMapper()
                .readTree(Files.readString(ROOT.resolve("openfaas/stack.yml")));
    }

    private static Path jar(String name) {
        String function = name.substring("prodcat-".length());
        return ROOT.resolve("functions/" + function + "/target/prodcat-" + function + "-0.1.0-SNAPSHOT.jar");
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
