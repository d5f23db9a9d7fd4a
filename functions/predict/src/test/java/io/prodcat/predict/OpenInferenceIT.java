package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.PythonScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Open Inference Protocol on predict, called by a real client: Triton's {@code tritonclient[http]} from PyPI (its
 * own virtualenv, {@code requirements-oip.txt}) reads health, server and model metadata and infers; its answers are
 * {@code POST /predict}'s. Refused and malformed calls answer {@code {"error": …}} and change nothing (no answer
 * counted, nothing logged).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_oip")
class OpenInferenceIT {

    private static final Logger LOG = LoggerFactory.getLogger(OpenInferenceIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL_NAME = "shop-categories";
    private static final String PREDICT_KEY = "predict-" + UUID.randomUUID();
    private static final List<String> TITLES =
            List.of("organic whole milk 1 l", "salted potato chips family pack", "dry dog food chicken 2 kg");

    private static ServedFileModel served;

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        served = ServedFileModel.create(servers, "v7.prodcat");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        served.register(registry);
        registry.add("prodcat.model.name", () -> MODEL_NAME);
        registry.add("prodcat.access.anonymous-roles", () -> "");
        registry.add("prodcat.prediction-log.flush-interval", () -> "50ms");
        registry.add("prodcat.access.api-keys", () -> "shop:predict:" + TokenDigest.sha256Hex(PREDICT_KEY));
    }

    @Test
    void tritonsClientGetsPredictsAnswers() throws Exception {
        awaitModel();
        Path script = Path.of(getClass().getResource("/oip/triton_client.py").toURI());
        List<String> args = new ArrayList<>(List.of("127.0.0.1:" + port, MODEL_NAME, PREDICT_KEY));
        args.addAll(TITLES);

        PythonScript.Result run = PythonScript.run("oip", script, args);
        LOG.info("tritonclient saw: {}", run.stdout().strip());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode seen = JSON.readTree(run.stdout());
        assertThat(seen.path("live").asBoolean()).isTrue();
        assertThat(seen.path("ready").asBoolean()).isTrue();
        assertThat(seen.path("model_ready").asBoolean()).isTrue();
        assertThat(seen.path("server").path("name").asString()).isEqualTo("prodcat-predict");
        JsonNode metadata = seen.path("metadata");
        assertThat(metadata.path("name").asString()).isEqualTo(MODEL_NAME);
        assertThat(metadata.path("versions").get(0).asString()).isEqualTo("v7.prodcat");
        assertThat(metadata.path("inputs").toString())
                .isEqualTo("[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
        assertThat(metadata.path("outputs").toString())
                .contains("{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}")
                .contains("{\"name\":\"probability\",\"datatype\":\"FP32\",\"shape\":[-1]}");
        assertThat(seen.path("id").asString()).isEqualTo("request-42");
        assertThat(seen.path("model_name").asString()).isEqualTo(MODEL_NAME);
        assertThat(seen.path("model_version").asString()).isEqualTo("v7.prodcat");

        JsonNode predicted =
                JSON.readTree(post("/predict", "{\"texts\":" + JSON.writeValueAsString(TITLES) + "}", PREDICT_KEY)
                        .body());
        for (int i = 0; i < TITLES.size(); i++) {
            JsonNode answer = predicted.path("results").get(i);
            assertThat(seen.path("labels").get(i).asString())
                    .isEqualTo(answer.path("label").asString());
            assertThat(seen.path("probabilities").get(i).asDouble())
                    .isCloseTo(answer.path("probability").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(seen.path("labels").get(0).asString()).isEqualTo("dairy");
        assertThat(seen.path("labels_sent_binary")).isEqualTo(seen.path("labels"));
        assertThat(seen.path("unknown_model_error").asString()).contains("not served");
        assertThat(seen.path("anonymous_error").asString()).contains("credentials");
    }

    @Test
    void refusedAndMalformedCallsAnswerInTheProtocolsFormatAndChangeNothing() throws Exception {
        awaitModel();
        String infer = "/v2/models/" + MODEL_NAME + "/infer";
        String good = "{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"milk\"]}]}";
        double answeredBefore = answersCounted();
        long loggedBefore = logged();

        assertError(post(infer, good, null), 401, "credentials");
        assertError(post(infer, good, "not-a-key"), 401, "credentials");
        assertError(post(infer, "{\"inputs\": [", PREDICT_KEY), 400, "malformed inference request");
        assertError(post(infer, "{\"inputs\":[]}", PREDICT_KEY), 400, "exactly one input");
        assertError(post(infer, good.replace("BYTES", "FP32"), PREDICT_KEY), 400, "datatype BYTES");
        assertError(post(infer, good.replace("[1]", "[2]"), PREDICT_KEY), 400, "its shape says 2");
        assertError(post(infer, good.replace("\"milk\"", "42"), PREDICT_KEY), 400, "must be strings");
        assertError(post(infer, good.replace("\"milk\"", "\" \""), PREDICT_KEY), 400, "non-empty");
        assertError(post(infer, good.replace("\"shape\":[1]", "\"shape\":[1001]"), PREDICT_KEY), 400, "1 to");
        assertError(
                post(infer, good.replace("]}]}", "]}],\"outputs\":[{\"name\":\"price\"}]}"), PREDICT_KEY),
                400,
                "unknown output 'price'");
        assertError(
                post("/v2/models/" + MODEL_NAME + "/versions/v6.prodcat/infer", good, PREDICT_KEY), 404, "not served");
        assertError(get("/v2/models/other", PREDICT_KEY), 404, "not served");
        assertError(get("/v2/models/" + MODEL_NAME, null), 401, "credentials");

        Thread.sleep(300); // two flushes of the prediction log
        assertThat(answersCounted()).isEqualTo(answeredBefore);
        assertThat(logged()).isEqualTo(loggedBefore);
        // the probes stay open, as /actuator/health is
        assertThat(get("/v2/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/v2/health/ready", null).statusCode()).isEqualTo(200);
        HttpResponse<String> answered = post(infer, good, PREDICT_KEY);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answersCounted()).isEqualTo(answeredBefore + 1);
    }

    private static void assertError(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.properties()).hasSize(1);
        assertThat(body.path("error").asString()).contains(reason);
    }

    private double answersCounted() {
        return meters.find("prodcat.predictions").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private static long logged() {
        return served.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM prediction_log")
                        .mapTo(Long.class)
                        .one());
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitModel() {
        org.awaitility.Awaitility.await("a model served")
                .atMost(Duration.ofSeconds(30))
                .until(() -> get("/v2/health/ready", null).statusCode() == 200);
    }
}
