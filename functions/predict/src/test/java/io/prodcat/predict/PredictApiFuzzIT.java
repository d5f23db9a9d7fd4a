package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.Schemathesis;
import io.prodcat.testkit.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * predict's HTTP API fuzzed by Schemathesis against its own OpenAPI document (/openapi.yaml), with a fixed seed and a
 * bounded number of examples per operation so that CI runs the same subset every time: no answer may be a server
 * error, every answer's status must be one the document lists for the operation, and its content type and body what
 * the document says (problem+json for every error), as an admin (every operation reachable) and anonymously (refusals
 * included). The run's own summary is read back: every operation tested, a floor on the cases generated, all passed. Its Open Inference Protocol likewise against
 * the protocol's own document ({@code ../shared/fixtures/kserve/open-inference-protocol/rest_predict_v2.yaml}, read
 * in place): 200s and 400s ({@code {"error": …}}) as documented. That document writes its path parameters
 * {@code ${MODEL_NAME}}, a literal {@code $} before each template: so the model served here is named {@code $oip}
 * and its version is {@code $7}, and Schemathesis fills in {@code oip} and {@code 7}, which makes the fuzzed requests
 * reach the served model instead of stopping at a 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_fuzz")
class PredictApiFuzzIT {

    private static final Logger LOG = LoggerFactory.getLogger(PredictApiFuzzIT.class);
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final String CHECKS =
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";
    private static final long SEED = 20261127;

    private static ServedFileModel served;

    @LocalServerPort
    private int port;

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    /** Answered 200s of the model metadata route, from Spring's request metrics. */
    private double metadataReads() {
        return meters.find("http.server.requests").tag("status", "200").timers().stream()
                .filter(timer -> timer.getId().getTag("uri").startsWith("/v2/models/"))
                .mapToDouble(timer -> timer.count())
                .sum();
    }

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        served = ServedFileModel.create(servers, "$7");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        served.register(registry);
        registry.add("prodcat.model.name", () -> "$oip");
        registry.add("prodcat.feedback.known-labels-only", () -> "false");
        registry.add("prodcat.access.api-keys", () -> "fuzzer:admin:" + TokenDigest.sha256Hex(ADMIN_KEY));
    }

    @Test
    void noRequestTheDocumentAllowsOrForbidsGetsAServerErrorOrAnUndocumentedAnswer() throws Exception {
        String schema = "http://127.0.0.1:" + port + "/openapi.yaml";
        awaitModel();

        Schemathesis.Result asAdmin =
                Schemathesis.run(schema, CHECKS, 30, SEED, List.of("Authorization: Bearer " + ADMIN_KEY));
        Schemathesis.Result anonymous = Schemathesis.run(schema, CHECKS, 15, SEED, List.of());
        LOG.info("schemathesis as admin:\n{}", tail(asAdmin.output()));
        LOG.info("schemathesis anonymously:\n{}", tail(anonymous.output()));

        assertThat(asAdmin.exitCode()).as(asAdmin.output()).isZero();
        assertThat(anonymous.exitCode()).as(anonymous.output()).isZero();
        // every operation of the document tested, and (with this seed) as many cases as it made on 2026-12-06
        // (468 and 463), less a margin for the generator's changes: a run that tested little cannot pass
        for (Schemathesis.Result run : List.of(asAdmin, anonymous)) {
            Schemathesis.Result.Summary summary = run.summary();
            assertThat(summary.operationsTested()).as(run.output()).isEqualTo(summary.operationsSelected());
            assertThat(summary.operationsSelected()).as(run.output()).isGreaterThanOrEqualTo(11);
            assertThat(summary.casesGenerated()).as(run.output()).isGreaterThanOrEqualTo(400);
            assertThat(summary.casesPassed()).as(run.output()).isEqualTo(summary.casesGenerated());
        }
    }

    @Test
    void theOpenInferenceProtocolFuzzedAgainstItsOwnDocument() throws Exception {
        Path document = SharedFixtures.file("kserve/open-inference-protocol/rest_predict_v2.yaml");
        Path config = Files.createTempFile("schemathesis", ".toml");
        Files.writeString(config, "[parameters]\n\"path.MODEL_NAME\" = \"oip\"\n\"path.MODEL_VERSION\" = \"7\"\n");
        String base = "http://127.0.0.1:" + port;
        awaitModel();

        Schemathesis.Result run = Schemathesis.run(
                config, document.toString(), base, CHECKS, 40, SEED, List.of("Authorization: Bearer " + ADMIN_KEY));
        LOG.info("schemathesis against the Open Inference Protocol:\n{}", tail(run.output()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        Schemathesis.Result.Summary summary = run.summary();
        assertThat(summary.operationsTested())
                .as(run.output())
                .isEqualTo(summary.operationsSelected())
                .isEqualTo(6);
        assertThat(summary.casesGenerated()).as(run.output()).isGreaterThanOrEqualTo(180); // 207 on 2026-12-06
        assertThat(summary.casesPassed()).as(run.output()).isEqualTo(summary.casesGenerated());
        // the served model was addressed: its metadata was read (the random bodies of infer are mostly refused)
        assertThat(metadataReads()).isPositive();
        Files.deleteIfExists(config);
    }

    private void awaitModel() {
        org.awaitility.Awaitility.await("a model served")
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> java.net.http.HttpClient.newHttpClient()
                                .send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                        "http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
