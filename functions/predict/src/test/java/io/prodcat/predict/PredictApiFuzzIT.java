package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.function.TokenDigest;
import io.prodcat.model.ModelFile;
import io.prodcat.persistence.Database;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.Schemathesis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * predict's HTTP API fuzzed by Schemathesis against its own OpenAPI document (/openapi.yaml), with a fixed seed and a
 * bounded number of examples per operation so that CI runs the same subset every time: no answer may be a server
 * error, every answer's content type and body must be what the document says (problem+json for every error), as an
 * admin (every operation reachable) and anonymously (refusals included).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(MariaDbExtension.class)
class PredictApiFuzzIT {

    private static final Logger LOG = LoggerFactory.getLogger(PredictApiFuzzIT.class);
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final String CHECKS = "not_a_server_error,content_type_conformance,response_schema_conformance";
    private static final long SEED = 20261127;

    private static MariaDbServer mariaDb;
    private static String jdbcUrl;
    private static Path model;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(MariaDbServer mariaDbServer) throws Exception {
        mariaDb = mariaDbServer;
        jdbcUrl = mariaDb.createDatabase("predict_fuzz");
        Database.migrate(mariaDb.dataSource(jdbcUrl));
        model = Files.createTempDirectory("prodcat-predict-fuzz").resolve("model.prodcat");
        ModelFile.write(TestModels.trained(label -> label), model);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mariaDb.registerProperties(registry::add, jdbcUrl);
        registry.add("prodcat.mlflow.tracking-uri", () -> "none");
        registry.add("prodcat.model.uri", () -> model.toUri().toString());
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
        assertThat(asAdmin.output()).contains("passed");
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
