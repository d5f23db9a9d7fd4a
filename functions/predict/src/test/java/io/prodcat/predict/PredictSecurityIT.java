package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.ErrorAnswerSweep;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.TokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what to predict (docs/SECURITY.md): anybody predicts; feedback needs role feedback; reload and export
 * need role admin; only the Broker delivers events. Roles come from API keys or from JWTs of the shop's own issuer.
 * Every refused call leaves the ledger and the served model as they were. Predict serves the registry's champion
 * (ledger registry, weights in S3), so a {@code model.promoted} that names a newer champion would really load it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_security")
class PredictSecurityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE = "prodcat-predict";
    private static final String SHOP_AUDIENCE = "shop-api";
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final String FEEDBACK_KEY = "feedback-" + UUID.randomUUID();
    private static final int HOURLY_CAP = 3;
    private static final String FEEDBACK = "{\"text\": \"Organic Whole Milk\", \"label\": \"dairy\"}";
    private static final String MODEL = "prodcat-classifier";

    private static MariaDbServer mariaDb;
    private static S3Server s3;
    private static String jdbcUrl;
    private static Jdbi jdbi;
    private static TokenIssuer broker;
    private static TokenIssuer shop;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        mariaDb = servers.mariaDb();
        s3 = servers.s3();
        jdbcUrl = servers.jdbcUrl();
        var dataSource = mariaDb.dataSource(jdbcUrl);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        MinioObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        LedgerVersions.registerTwo(jdbi, store, MODEL, "predict-security", version -> TestModels.trained(l -> l), "1");
        broker = TokenIssuer.start();
        shop = TokenIssuer.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("prodcat.model.name", () -> MODEL);
        // no poll: only a model.promoted (or a reload) loads a new champion here
        registry.add("prodcat.model.champion-poll", () -> "0s");
        registry.add("prodcat.feedback.client-rows-per-hour", () -> Integer.toString(HOURLY_CAP));
        registry.add(
                "prodcat.access.api-keys",
                () -> "ops:admin:" + TokenDigest.sha256Hex(ADMIN_KEY) + " shop-web:feedback:"
                        + TokenDigest.sha256Hex(FEEDBACK_KEY));
        registry.add("prodcat.access.jwt.issuer", () -> shop.issuer());
        registry.add("prodcat.access.jwt.jwks-uri", () -> shop.jwksUri());
        registry.add("prodcat.access.jwt.audience", () -> SHOP_AUDIENCE);
        broker.registerProperties(registry::add, AUDIENCE);
    }

    @AfterAll
    static void stop() {
        broker.close();
        shop.close();
    }

    @Test
    void onlyTheBrokerDeliversModelPromotedAndRefusedDeliveriesLoadNothing() throws Exception {
        awaitServed("1");
        String loadedAt = loadedAt();
        // evaluate moved the alias: a model.promoted naming version 2 would now load it, whoever sent it
        new LedgerModelRegistry(jdbi)
                .setAlias(MODEL, "champion", "2", new ModelRegistry.AliasChange("test", "a new champion"));
        Map<String, String> forged = new LinkedHashMap<>(broker.forgedCredentials(AUDIENCE));
        Map<String, String> authenticatedButNotTheBroker = Map.of(
                "the admin API key", "Bearer " + ADMIN_KEY,
                "a shop admin JWT", "Bearer " + shopToken("ops-person", List.of("admin")));

        for (Map.Entry<String, String> credentials : forged.entrySet()) {
            HttpResponse<String> answer = call("POST", "/", credentials.getValue(), promoted("2"));
            assertThat(answer.statusCode()).as(credentials.getKey()).isEqualTo(401);
        }
        for (Map.Entry<String, String> credentials : authenticatedButNotTheBroker.entrySet()) {
            HttpResponse<String> answer = call("POST", "/", credentials.getValue(), promoted("2"));
            assertThat(answer.statusCode()).as(credentials.getKey()).isEqualTo(403);
        }

        Thread.sleep(300); // a load, had one started, would have replaced the model by now
        assertThat(servedVersion()).isEqualTo("1");
        assertThat(loadedAt()).isEqualTo(loadedAt);
        // the same event with the Broker's token loads version 2
        HttpResponse<String> genuine = call(
                "POST", "/", "Bearer " + broker.token("system:serviceaccount:prodcat:broker", AUDIENCE), promoted("2"));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(202);
        awaitServed("2");
    }

    @Test
    void credentialsOfAnotherSchemeAreRefusedNotServedAsAnonymous() throws Exception {
        String loadedAt = loadedAt();
        long feedbackRows = feedbackRows();
        String basicAdmin = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + ADMIN_KEY).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        for (String presented : List.of(basicAdmin, "Digest username=\"admin\"", "Token " + ADMIN_KEY)) {
            // where anonymous callers are let in, and where a valid key would have stored a row or loaded a model
            HttpResponse<String> predict = call("POST", "/predict", presented, "{\"text\": \"milk\"}");
            assertThat(predict.statusCode()).as(presented).isEqualTo(401);
            assertThat(predict.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(call("POST", "/feedback", presented, FEEDBACK).statusCode())
                    .as(presented)
                    .isEqualTo(401);
            assertThat(call("POST", "/reload", presented, "").statusCode())
                    .as(presented)
                    .isEqualTo(401);
        }
        assertThat(feedbackRows()).isEqualTo(feedbackRows);
        assertThat(loadedAt()).isEqualTo(loadedAt);
        // the same key as a Bearer credential is let in
        assertThat(call("POST", "/predict", "Bearer " + ADMIN_KEY, "{\"text\": \"milk\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void anonymousCallersPredictButChangeNothing() throws Exception {
        String loadedAt = loadedAt();
        long feedbackRows = feedbackRows();

        assertThat(call("POST", "/predict", null, "{\"text\": \"greek yogurt\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/model", null, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/feedback", null, FEEDBACK).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/reload", null, "").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/feedback/export", null, "").statusCode()).isEqualTo(401);
        // a feedback client is no admin; a wrong key is refused even where anonymous callers would be let in
        assertThat(call("POST", "/reload", "Bearer " + FEEDBACK_KEY, "").statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/feedback/export", "Bearer " + FEEDBACK_KEY, "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("POST", "/predict", "Bearer wrong-" + ADMIN_KEY, "{\"text\": \"milk\"}")
                        .statusCode())
                .isEqualTo(401);
        // the Broker's token is no API credential
        assertThat(call(
                                "POST",
                                "/feedback",
                                "Bearer " + broker.token("system:serviceaccount:prodcat:broker", AUDIENCE),
                                FEEDBACK)
                        .statusCode())
                .isEqualTo(403);

        assertThat(feedbackRows()).isEqualTo(feedbackRows);
        assertThat(loadedAt()).isEqualTo(loadedAt);
    }

    @Test
    void answersAndRefusalsCarryTheApiSecurityHeaders() throws Exception {
        HttpResponse<String> answer = call("POST", "/predict", null, "{\"text\": \"greek yogurt\"}");
        HttpResponse<String> refusal = call("POST", "/reload", null, "");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(refusal.statusCode()).isEqualTo(401);
        for (HttpResponse<String> response : List.of(answer, refusal)) {
            var headers = response.headers();
            assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
            assertThat(headers.allValues("X-Frame-Options")).containsExactly("DENY");
            assertThat(headers.allValues("Cache-Control")).containsExactly("no-store");
            // plain HTTP here: HSTS only goes out over TLS; no browser-page or HTTP/1.0 headers
            assertThat(headers.map().keySet())
                    .map(String::toLowerCase)
                    .doesNotContain("strict-transport-security", "x-xss-protection", "pragma", "expires");
        }
    }

    @Test
    void theShopsTokensCarryTheirRolesAndTheirSubjectIsTheClient() throws Exception {
        String feedbackToken = shopToken("shop-checkout", List.of("feedback"));

        HttpResponse<String> stored = call("POST", "/feedback", "Bearer " + feedbackToken, FEEDBACK);
        HttpResponse<String> notAdmin = call("POST", "/reload", "Bearer " + feedbackToken, "");
        HttpResponse<String> admin = call("POST", "/reload", "Bearer " + shopToken("ops-person", List.of("admin")), "");
        HttpResponse<String> expired = call(
                "POST",
                "/feedback",
                "Bearer "
                        + shop.token(
                                "shop-checkout", SHOP_AUDIENCE, Instant.now().minusSeconds(120)),
                FEEDBACK);
        HttpResponse<String> otherAudience = call(
                "POST",
                "/feedback",
                "Bearer " + shop.token("shop-checkout", "another-api", Map.of("roles", List.of("feedback"))),
                FEEDBACK);

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        long id = JSON.readTree(stored.body()).path("id").asLong();
        String client = jdbi.withHandle(h -> h.createQuery("SELECT client_id FROM feedback WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
        assertThat(client).isEqualTo("shop-checkout");
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(202);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(otherAudience.statusCode()).isEqualTo(401);
    }

    @Test
    void aFeedbackFloodFromOneClientIsCappedPerHour() throws Exception {
        String flooder = "Bearer " + shopToken("flooder", List.of("feedback"));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;

        for (int i = 0; i < HOURLY_CAP + 3; i++) {
            last = call("POST", "/feedback", flooder, FEEDBACK);
            statuses.add(last.statusCode());
        }
        HttpResponse<String> anotherClient = call("POST", "/feedback", "Bearer " + FEEDBACK_KEY, FEEDBACK);

        assertThat(statuses).containsExactly(201, 201, 201, 429, 429, 429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        long stored = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM feedback WHERE client_id = 'flooder'")
                .mapTo(Long.class)
                .one());
        assertThat(stored).isEqualTo(HOURLY_CAP);
        assertThat(anotherClient.statusCode()).isEqualTo(201);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String shopToken(String subject, List<String> roles) {
        return shop.token(subject, SHOP_AUDIENCE, Map.of("roles", roles));
    }

    private static String promoted(String version) {
        return "{\"trainingId\":\"t\",\"runId\":\"r\",\"modelName\":\"" + MODEL + "\",\"modelVersion\":\"" + version
                + "\",\"weightsUri\":\"s3://models/predict-security/v" + version + ".prodcat\",\"f1\":1,\"minF1\":1,"
                + "\"accuracy\":1,\"weightedF1\":1,\"heldOutRows\":1,\"promoted\":true,\"reason\":\"a test\"}";
    }

    /**
     * Every route of the API (each path of its OpenAPI document that takes a body, with the admin key, so that the body
     * is read) and the event routes (with the Broker's token, as binary and as no CloudEvent at all), sent bodies they
     * cannot take, and the same without credentials: each answer is a 4xx saying what is wrong, never a 5xx, never a
     * class, method or library name. No feedback row and no model load come of any of them.
     */
    @Test
    void malformedBodiesOnEveryRouteAreRefusedWithoutNamingInternals() throws Exception {
        String loadedAt = loadedAt();
        long feedbackBefore = feedbackRows();
        String document = call("GET", "/openapi.yaml", null, null).body();
        List<String> posted = new ArrayList<>();
        java.util.regex.Matcher paths = java.util.regex.Pattern.compile("(?m)^  (/[^:]*):\\n((?:    .*\\n|\\n)*)")
                .matcher(document);
        while (paths.find()) {
            if (("\n" + paths.group(2)).contains("\n    post:")
                    && paths.group(2).contains("requestBody:")) {
                posted.add(
                        paths.group(1).replace("{name}", "prodcat-classifier").replace("{version}", "1"));
            }
        }
        assertThat(posted).contains("/predict", "/feedback", "/admin/champion", "/admin/feedback/review");
        String brokerToken = "Bearer " + broker.token("system:serviceaccount:prodcat:broker", AUDIENCE);
        List<ErrorAnswerSweep.Route> routes = new ArrayList<>();
        for (String path : posted) {
            routes.add(new ErrorAnswerSweep.Route("POST", path, Map.of("Authorization", "Bearer " + ADMIN_KEY)));
            routes.add(new ErrorAnswerSweep.Route("POST", path, Map.of()));
        }
        routes.add(new ErrorAnswerSweep.Route(
                "POST", "/v2/models/prodcat-classifier/infer", Map.of("Authorization", "Bearer " + ADMIN_KEY)));
        routes.addAll(
                ErrorAnswerSweep.eventRoutes(List.of("/", "/promoted"), brokerToken, "io.prodcat.model.promoted"));

        List<String> problems = ErrorAnswerSweep.problems(HTTP, URI.create("http://127.0.0.1:" + port), routes);

        assertThat(problems).isEmpty();
        assertThat(feedbackRows()).isEqualTo(feedbackBefore);
        assertThat(loadedAt()).isEqualTo(loadedAt);
    }

    private String servedVersion() throws Exception {
        return ServedVersion.of(port, null);
    }

    private void awaitServed(String version) {
        ServedVersion.await(port, null, version);
    }

    private String loadedAt() throws Exception {
        HttpResponse<String> model = call("GET", "/model", null, null);
        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        return JSON.readTree(model.body()).path("loadedAt").asString();
    }

    private static long feedbackRows() {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM feedback").mapTo(Long.class).one());
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        awaitModel();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (path.equals("/")) {
            request.header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-source", "/prodcat/evaluate")
                    .header("ce-type", "io.prodcat.model.promoted");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The champion loads in the background after start-up and after a reload. */
    private void awaitModel() {
        org.awaitility.Awaitility.await("a model served")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }
}
