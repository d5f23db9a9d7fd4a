package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.prodcat.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployments beside knative/'s own: predict as a KServe InferenceService ({@code knative/kserve/}, against
 * KServe's CRD in ../shared/fixtures/kserve/crds) and the revision-per-model canary ({@code knative/canary/}, against
 * Knative's), strictly (a misspelled field fails), and what the schemas cannot see.
 */
class AlternativeDeploymentsTest {

    private static final Path KNATIVE =
            Path.of(System.getProperty("prodcat.root", "..")).resolve("knative");

    @Test
    void theInferenceServiceRunsPredictsImageAsACustomV2PredictorAndFitsKServesSchema() throws IOException {
        CrdSchemas kserve = CrdSchemas.read(SharedFixtures.file("kserve/crds/serving.kserve.io_inferenceservices.yaml")
                .getParent());
        JsonNode service = only(KNATIVE.resolve("kserve/inferenceservice.yaml"));

        assertThat(errors(kserve, service)).isEmpty();
        JsonNode container =
                service.path("spec").path("predictor").path("containers").get(0);
        assertThat(container.path("name").asString()).isEqualTo("kserve-container");
        assertThat(container.path("image").asString()).isEqualTo(knativeImage("predict"));
        assertThat(env(container, "PROTOCOL")).isEqualTo("v2");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
                .isEqualTo("/v2/health/ready");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(container
                        .path("securityContext")
                        .path("readOnlyRootFilesystem")
                        .asBoolean())
                .isTrue();

        ObjectNode misspelled = (ObjectNode) service.deepCopy();
        ObjectNode predictor = (ObjectNode) misspelled.path("spec").path("predictor");
        predictor.set("minReplica", predictor.remove("minReplicas"));
        assertThat(errors(kserve, misspelled)).anyMatch(e -> e.contains("minReplica"));
    }

    @Test
    void theCanaryPinsAModelPerRevisionAndSplitsAllTrafficBetweenTaggedRevisions() throws IOException {
        CrdSchemas knative = CrdSchemas.read(
                SharedFixtures.file("knative/crds/eventing-trigger.yaml").getParent());
        JsonNode service = only(KNATIVE.resolve("canary/predict-canary.yaml"));

        assertThat(errors(knative, service)).isEmpty();
        JsonNode template = service.path("spec").path("template");
        assertThat(env(template.path("spec").path("containers").get(0), "PRODCAT_MODEL_URI"))
                .startsWith("s3://models/");
        List<JsonNode> traffic = StreamSupport.stream(
                        service.path("spec").path("traffic").spliterator(), false)
                .toList();
        assertThat(traffic).extracting(t -> t.path("tag").asString()).containsExactly("champion", "challenger");
        assertThat(traffic.stream().mapToInt(t -> t.path("percent").asInt()).sum())
                .isEqualTo(100);
        assertThat(traffic)
                .extracting(t -> t.path("revisionName").asString())
                .contains(template.path("metadata").path("name").asString());
    }

    /** The image knative/FUNCTION.yaml's Service runs. */
    static String knativeImage(String function) throws IOException {
        return only(KNATIVE.resolve(function + ".yaml"))
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("image")
                .asString();
    }

    private static List<String> errors(CrdSchemas schemas, JsonNode manifest) {
        Schema schema = schemas.forManifest(manifest);
        assertThat(schema)
                .as("a CRD schema for " + manifest.path("kind").asString())
                .isNotNull();
        List<String> errors = new ArrayList<>();
        schema.validate(manifest).stream().map(Error::toString).forEach(errors::add);
        return errors;
    }

    private static JsonNode only(Path file) throws IOException {
        List<JsonNode> documents = CrdSchemas.documents(file);
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asString().equals(name)) {
                return variable.path("value").asString();
            }
        }
        throw new AssertionError(
                name + " is not set in " + container.path("name").asString());
    }
}
