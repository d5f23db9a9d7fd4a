package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * openfaas/: stack.yml (faas-cli) and functions.yaml (the operator's {@code openfaas.com/v1} Functions) deploy the
 * same three functions from knative/'s images, the Functions fit the operator's schema strictly (spec: {@code name}
 * and {@code image} required; environment, secrets, labels, annotations, limits and requests of cpu and memory,
 * constraints, readOnlyRootFilesystem), and the direct wiring sends every event type to a function of the stack.
 * {@code OpenFaasWorkloadIT} starts the jars with these settings.
 */
class OpenFaasDeploymentTest {

    static final Path ROOT = Path.of(System.getProperty("prodcat.root", ".."));
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The operator's Function resource, as its CRD (faas-netes, openfaas.com/v1) defines the spec. */
    private static final String FUNCTION_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              group: openfaas.com
              names: {kind: Function}
              versions:
                - name: v1
                  served: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      required: [spec]
                      properties:
                        spec:
                          type: object
                          required: [image, name]
                          properties:
                            name: {type: string}
                            image: {type: string}
                            handler: {type: string}
                            environment: {type: object, additionalProperties: {type: string}}
                            secrets: {type: array, items: {type: string}}
                            labels: {type: object, additionalProperties: {type: string}}
                            annotations: {type: object, additionalProperties: {type: string}}
                            constraints: {type: array, items: {type: string}}
                            readOnlyRootFilesystem: {type: boolean}
                            limits: {type: object, properties: {cpu: {type: string}, memory: {type: string}}}
                            requests: {type: object, properties: {cpu: {type: string}, memory: {type: string}}}
            """;

    static JsonNode stack() throws IOException {
        return YAML.readTree(Files.readString(ROOT.resolve("openfaas/stack.yml")));
    }

    @Test
    void theFunctionResourcesFitTheOperatorsSchemaAndAreTheStack() throws IOException {
        CrdSchemas operator = CrdSchemas.of(YAML.readTree(FUNCTION_CRD));
        List<JsonNode> functions = CrdSchemas.documents(ROOT.resolve("openfaas/functions.yaml"));
        JsonNode stack = stack().path("functions");
        List<String> problems = new ArrayList<>();
        for (JsonNode function : functions) {
            operator.forManifest(function).validate(function).forEach(e -> problems.add(e.toString()));
        }
        assertThat(problems).isEmpty();
        assertThat(functions)
                .extracting(f -> f.path("spec").path("name").asString())
                .containsExactlyElementsOf(iterable(stack.propertyNames()));
        for (JsonNode function : functions) {
            JsonNode spec = function.path("spec");
            JsonNode same = stack.path(spec.path("name").asString());
            assertThat(spec.path("image")).isEqualTo(same.path("image"));
            assertThat(spec.path("environment")).isEqualTo(same.path("environment"));
            assertThat(spec.path("secrets")).isEqualTo(same.path("secrets"));
            assertThat(spec.path("labels")).isEqualTo(same.path("labels"));
            assertThat(spec.path("annotations")).isEqualTo(same.path("annotations"));
            assertThat(spec.path("limits")).isEqualTo(same.path("limits"));
            assertThat(spec.path("requests")).isEqualTo(same.path("requests"));
            assertThat(spec.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        }

        ObjectNode misspelled = (ObjectNode) functions.get(0).deepCopy();
        ((ObjectNode) misspelled.path("spec"))
                .set("enviroment", misspelled.path("spec").path("environment"));
        assertThat(operator.forManifest(misspelled).validate(misspelled))
                .extracting(Error::toString)
                .anyMatch(e -> e.contains("enviroment"));
    }

    @Test
    void theImagesAreKnativesAndTheProbesAreTheActuatorsHealthGroups() throws IOException {
        JsonNode stack = stack().path("functions");
        for (String function : List.of("train", "evaluate", "predict")) {
            JsonNode entry = stack.path("prodcat-" + function);
            assertThat(entry.path("image").asString()).isEqualTo(AlternativeDeploymentsTest.knativeImage(function));
            assertThat(entry.path("readonly_root_filesystem").asBoolean()).isTrue();
            assertThat(entry.path("annotations")
                            .path("com.openfaas.health.http.path")
                            .asString())
                    .isEqualTo("/actuator/health/liveness");
            assertThat(entry.path("annotations")
                            .path("com.openfaas.ready.http.path")
                            .asString())
                    .isEqualTo("/actuator/health/readiness");
            // OpenFaaS sends its traffic to the container's port 8080: the functions' default (PORT unset)
            assertThat(entry.path("environment").has("PORT")).isFalse();
        }
        assertThat(Files.readString(ROOT.resolve("functions/support/src/main/resources/prodcat-function.properties")))
                .contains("server.port=${PORT:8080}");
    }

    @Test
    void everyRoutedEventGoesToAFunctionOfTheStackThatTakesIt() throws IOException {
        JsonNode stack = stack().path("functions");
        Map<String, String> takes = Map.of(
                "dataset.uploaded", "prodcat-train",
                "training.completed", "prodcat-evaluate",
                "model.promoted", "prodcat-predict");
        Set<String> routes = new LinkedHashSet<>();
        for (JsonNode function : stack) {
            routes.add(
                    function.path("environment").path("PRODCAT_EVENTS_ROUTES").asString());
            assertThat(function.path("environment")
                            .path("PRODCAT_EVENTS_AUTH_MODE")
                            .asString())
                    .isEqualTo("token");
            assertThat(iterable(function.path("secrets").values().stream()
                            .map(JsonNode::asString)
                            .iterator()))
                    .contains("prodcat.events.auth.token");
        }
        assertThat(routes).hasSize(1); // one map for all
        for (String entry : routes.iterator().next().split("[,\\s]+")) {
            String type = entry.substring(0, entry.indexOf('='));
            String url = entry.substring(entry.indexOf('=') + 1);
            assertThat(takes).containsKey(type);
            assertThat(url).matches("http://gateway\\.openfaas:8080/(async-)?function/" + takes.get(type));
            assertThat(stack.has(takes.get(type))).isTrue();
        }
        // training and evaluation are long: through the queue, not held open on the gateway
        assertThat(routes.iterator().next())
                .contains("training.completed=http://gateway.openfaas:8080/async-function/prodcat-evaluate");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> items) {
        return () -> items;
    }

    private static Iterable<String> iterable(java.util.Collection<String> items) {
        return items;
    }
}
