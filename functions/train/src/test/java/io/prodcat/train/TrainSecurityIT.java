package io.prodcat.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.testkit.ErrorAnswerSweep;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.RecordingHttpServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.TokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
 * Who may make train train: only the Broker, with an OIDC token for train's audience. Every other caller is refused
 * (401) at {@code POST /} and {@code POST /train}, and nothing happens: no ledger row, no event sent, no object read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "train_security")
class TrainSecurityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE = "prodcat-train";
    private static final String WEBHOOK_TOKEN = "webhook-" + UUID.randomUUID();

    private static S3Server s3;
    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static RecordingHttpServer broker;
    private static TokenIssuer issuer;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        jdbcUrl = servers.jdbcUrl();
        jdbi = Database.jdbi(mariaDb.dataSource(jdbcUrl));
        broker = RecordingHttpServer.start();
        issuer = TokenIssuer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.webhook-token", () -> WEBHOOK_TOKEN);
        registry.add("prodcat.events.sink", () -> broker.url());
        issuer.registerProperties(registry::add, AUDIENCE);
    }

    @AfterAll
    static void stop() {
        broker.close();
        issuer.close();
    }

    /**
     * The forged deliveries name a real dataset under the prefix, which the genuine delivery then trains: had any of
     * them been accepted, the ledger would have a row more.
     */
    @Test
    void deliveriesWithoutTheBrokersTokenAreRefusedAndStartNothing() throws Exception {
        String event = uploadedDataset("train/security-" + UUID.randomUUID() + ".csv");
        Map<String, String> forged = new java.util.LinkedHashMap<>(issuer.forgedCredentials(AUDIENCE));
        forged.put("MinIO's webhook token", "Bearer " + WEBHOOK_TOKEN);
        long ledgerBefore = ledgerRows();

        for (String path : List.of("/", "/train")) {
            for (Map.Entry<String, String> credentials : forged.entrySet()) {
                HttpResponse<String> answer = deliver(path, credentials.getValue(), event);

                assertThat(answer.statusCode())
                        .as(path + " with " + credentials.getKey() + ": " + answer.body())
                        .isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                assertThat(answer.body()).contains("correlationId").doesNotContain("Exception");
            }
        }

        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(broker.pending()).isZero();
        // the same event with the Broker's token trains the dataset: one ledger row more
        HttpResponse<String> genuine =
                deliver("/", "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE), event);
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(genuine.headers().firstValue("ce-type")).contains("io.prodcat.training.completed");
        assertThat(ledgerRows()).isEqualTo(ledgerBefore + 1);
    }

    /** A small labelled CSV uploaded at {@code key} of the dataset bucket; the dataset.uploaded event's data for it. */
    private static String uploadedDataset(String key) throws Exception {
        var client = s3.client();
        if (!client.bucketExists(
                io.minio.BucketExistsArgs.builder().bucket("dataset").build())) {
            client.makeBucket(
                    io.minio.MakeBucketArgs.builder().bucket("dataset").build());
        }
        byte[] csv = io.prodcat.testkit.SyntheticCatalog.csv(30, 7).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        client.putObject(io.minio.PutObjectArgs.builder().bucket("dataset").object(key).stream(
                        new java.io.ByteArrayInputStream(csv), (long) csv.length, -1L)
                .build());
        return "{\"bucket\":\"dataset\",\"key\":\"" + key + "\",\"sizeBytes\":" + csv.length + "}";
    }

    @Test
    void anEventRoutePathThatIsNotTheFunctionsIsNoWayAround() throws Exception {
        String event = uploadedDataset("train/other-path-" + UUID.randomUUID() + ".csv");
        long ledgerBefore = ledgerRows();
        for (String path : List.of("/functionRouter", "/train,evaluate", "/actuator/env", "/actuator/beans")) {
            HttpResponse<String> answer = deliver(path, null, event);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(broker.pending()).isZero();
    }

    /**
     * train's routes (the event routes with the Broker's token, as a binary CloudEvent and as no CloudEvent; MinIO's
     * webhook with its token; each also without credentials) sent bodies they cannot take: 4xx answers that name no
     * class, method or library, no 5xx, and no training started.
     */
    @Test
    void malformedBodiesOnEveryRouteAreRefusedWithoutNamingInternals() throws Exception {
        long ledgerBefore = ledgerRows();
        String brokerToken = "Bearer " + issuer.token("system:serviceaccount:prodcat:broker", AUDIENCE);
        List<ErrorAnswerSweep.Route> routes = new java.util.ArrayList<>(
                ErrorAnswerSweep.eventRoutes(List.of("/", "/train"), brokerToken, "io.prodcat.dataset.uploaded"));
        routes.add(new ErrorAnswerSweep.Route("POST", "/minio", Map.of("Authorization", "Bearer " + WEBHOOK_TOKEN)));
        routes.add(new ErrorAnswerSweep.Route("POST", "/minio", Map.of()));

        assertThat(ErrorAnswerSweep.problems(HTTP, URI.create("http://127.0.0.1:" + port), routes))
                .isEmpty();
        assertThat(ledgerRows()).isEqualTo(ledgerBefore);
    }

    private HttpResponse<String> deliver(String path, String authorization, String data) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/attacker")
                .header("ce-type", "io.prodcat.dataset.uploaded")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long ledgerRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM auto_training")
                .mapTo(Long.class)
                .one());
    }
}
