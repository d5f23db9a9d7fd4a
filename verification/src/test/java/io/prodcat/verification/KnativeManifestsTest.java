package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.prodcat.demo.Trigger;
import io.prodcat.events.EventType;
import io.prodcat.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * knative/ against Knative's own CRD schemas (../shared/fixtures/knative/crds, converted at test time, never
 * copied), strictly: a misspelled field fails. Also what the schemas cannot see: the kustomization lists every
 * manifest, Triggers filter on prodcat's event types and name Services that exist.
 */
class KnativeManifestsTest {

    private static final Path KNATIVE =
            Path.of(System.getProperty("prodcat.root", "..")).resolve("knative");
    private static final Set<String> CORE_KINDS = Set.of("ConfigMap");

    private static CrdSchemas converted;

    /** Converted once; without ../shared/fixtures a test that needs them is skipped, saying so (failed under CI=true). */
    private static synchronized CrdSchemas schemas() throws IOException {
        if (converted == null) {
            converted = CrdSchemas.read(
                    SharedFixtures.file("knative/crds/eventing-trigger.yaml").getParent());
        }
        return converted;
    }

    @Test
    void everyManifestIsValidAgainstItsCrdSchema() throws IOException {
        CrdSchemas schemas = schemas();
        List<String> problems = new ArrayList<>();
        int validated = 0;
        for (Manifest manifest : manifests()) {
            Schema schema = schemas.forManifest(manifest.document());
            if (schema == null) {
                if (!CORE_KINDS.contains(manifest.kind())) {
                    problems.add(manifest + ": no CRD schema for "
                            + manifest.document().path("apiVersion").asString());
                }
                continue;
            }
            schema.validate(manifest.document()).forEach(error -> problems.add(manifest + ": " + error));
            validated++;
        }
        assertThat(problems).isEmpty();
        // 6 Services, Broker, 6 Triggers, 2 SinkBindings, EventPolicy, 2 PingSources
        assertThat(validated).isEqualTo(18);
    }

    @Test
    void misspelledFieldsAreRefused() throws IOException {
        CrdSchemas schemas = schemas();
        // (Trigger.spec itself keeps unknown fields, as Knative's CRD says; the subscriber's ref does not)
        JsonNode trigger = manifest("Trigger", "prodcat-train").deepCopy();
        ObjectNode ref = (ObjectNode) trigger.path("spec").path("subscriber").path("ref");
        ref.set("nmae", ref.remove("name"));
        JsonNode service = manifest("Service", "prodcat-predict").deepCopy();
        ObjectNode podSpec = (ObjectNode) service.path("spec").path("template").path("spec");
        podSpec.set("containerConcurency", podSpec.remove("containerConcurrency"));

        List<Error> triggerErrors = schemas.forManifest(trigger).validate(trigger);
        List<Error> serviceErrors = schemas.forManifest(service).validate(service);

        assertThat(triggerErrors).extracting(Error::toString).anyMatch(e -> e.contains("nmae"));
        assertThat(serviceErrors).extracting(Error::toString).anyMatch(e -> e.contains("containerConcurency"));
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization =
                CrdSchemas.documents(KNATIVE.resolve("kustomization.yaml")).get(0);
        Set<String> listed = kustomization
                .path("resources")
                .valueStream()
                .map(JsonNode::asString)
                .collect(Collectors.toSet());
        try (var files = Files.list(KNATIVE)) {
            Set<String> present = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(listed).isEqualTo(present);
        }
    }

    @Test
    void triggersRouteProdcatEventTypesToServicesThatExist() throws IOException {
        Set<String> services = manifests().stream()
                .filter(m -> m.kind().equals("Service"))
                .map(Manifest::name)
                .collect(Collectors.toSet());
        List<Trigger> triggers = Trigger.readAll(KNATIVE.resolve("triggers.yaml"));

        assertThat(triggers)
                .extracting(t -> t.filter().get("type"))
                .containsExactlyInAnyOrder(
                        EventType.DATASET_UPLOADED.type(),
                        EventType.TRAINING_COMPLETED.type(),
                        EventType.MODEL_PROMOTED.type());
        assertThat(triggers).allSatisfy(trigger -> {
            assertThat(services).contains(trigger.subscriber());
            assertThat(trigger.retry()).isPositive();
        });
        for (Manifest trigger :
                manifests().stream().filter(m -> m.kind().equals("Trigger")).toList()) {
            JsonNode subscriber = trigger.document().path("spec").path("subscriber");
            assertThat(subscriber.path("audience").asString())
                    .as(trigger + ": the OIDC audience the function requires (its name)")
                    .isEqualTo(subscriber.path("ref").path("name").asString());
        }
        for (Manifest manifest : manifests()) {
            manifest.document()
                    .findValues("deadLetterSink")
                    .forEach(sink -> assertThat(services)
                            .contains(sink.path("ref").path("name").asString()));
        }
    }

    @Test
    void everyContainerRunsLockedDownAndOnlyPredictIsReachableFromOutside() throws IOException {
        List<Manifest> services =
                manifests().stream().filter(m -> m.kind().equals("Service")).toList();

        assertThat(services).hasSize(6);
        for (Manifest service : services) {
            if (service.name().startsWith("prodcat-")
                    && !service.name().equals("prodcat-dead-letter")
                    && !service.name().equals("prodcat-alerts")) {
                assertThat(service.document().findValues("env").toString())
                        .as(service + ": Prometheus' token (docs/SECURITY.md)")
                        .contains("PRODCAT_METRICS_TOKEN");
            }
            JsonNode spec = service.document().path("spec").path("template").path("spec");
            JsonNode container = spec.path("containers").get(0);
            JsonNode security = container.path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean())
                    .as(service.toString())
                    .isTrue();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean())
                    .as(service.toString())
                    .isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true))
                    .as(service.toString())
                    .isFalse();
            assertThat(security.path("capabilities").path("drop").toString())
                    .as(service.toString())
                    .contains("ALL");
            assertThat(security.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
            String visibility = service.document()
                    .path("metadata")
                    .path("labels")
                    .path("networking.knative.dev/visibility")
                    .asString("");
            assertThat(visibility)
                    .as(service.toString())
                    .isEqualTo(service.name().equals("prodcat-predict") ? "" : "cluster-local");
            if (container.path("image").asString().startsWith("prodcat/")) { // the JVMs write temporary files
                assertThat(container.path("volumeMounts").toString())
                        .as(service.toString())
                        .contains("/tmp");
                assertThat(spec.path("volumes").toString())
                        .as(service.toString())
                        .contains("emptyDir");
            }
        }
    }

    @Test
    void onlyTheWebhooksAndTheDriftChecksBindingsMayPostToTheBrokerAndTheWebhookTakesNoTrainingEvents()
            throws IOException {
        JsonNode policy = manifest("EventPolicy", "prodcat-broker-senders");
        JsonNode binding = manifest("SinkBinding", "prodcat-webhook-sink");
        JsonNode webhook = manifest("Service", "prodcat-webhook");
        JsonNode train = manifest("Service", "prodcat-train");

        assertThat(policy.path("spec")
                        .path("to")
                        .get(0)
                        .path("ref")
                        .path("kind")
                        .asString())
                .isEqualTo("Broker");
        assertThat(policy.path("spec").path("from").findValuesAsString("name"))
                .containsExactlyInAnyOrder("prodcat-webhook-sink", "prodcat-evaluate-sink");
        assertThat(binding.path("spec").path("subject").path("name").asString()).isEqualTo("prodcat-webhook");
        assertThat(webhook.findValues("env").toString())
                .contains("PRODCAT_WEBHOOK_ONLY")
                .contains("PRODCAT_WEBHOOK_TOKEN");
        assertThat(train.findValues("env").toString()).doesNotContain("PRODCAT_WEBHOOK_TOKEN");
        assertThat(train.path("spec")
                        .path("template")
                        .path("spec")
                        .path("containerConcurrency")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void theRolloutPingReachesEvaluatesRolloutRouteAndItsDecisionsReachTheAlertSink() throws IOException {
        JsonNode ping = manifest("PingSource", "prodcat-rollout-check");
        JsonNode alert = manifest("Trigger", "prodcat-rollout-alert");

        assertThat(ping.path("spec").path("sink").path("ref").path("name").asString())
                .isEqualTo("prodcat-evaluate");
        assertThat(ping.path("spec").path("sink").path("uri").asString()).isEqualTo("/rollout");
        assertThat(ping.path("spec").path("sink").path("audience").asString()).isEqualTo("prodcat-evaluate");
        assertRoutesToTheAlertSink(alert, EventType.ROLLOUT_DECIDED);
    }

    @Test
    void thePingReachesEvaluatesDriftRouteWithItsAudienceAndDriftDetectedReachesTheAlertSink() throws IOException {
        JsonNode ping = manifest("PingSource", "prodcat-drift-check");
        JsonNode binding = manifest("SinkBinding", "prodcat-evaluate-sink");
        JsonNode alert = manifest("Trigger", "prodcat-drift-alert");

        assertThat(ping.path("spec").path("sink").path("ref").path("name").asString())
                .isEqualTo("prodcat-evaluate");
        assertThat(ping.path("spec").path("sink").path("uri").asString()).isEqualTo("/drift");
        assertThat(ping.path("spec").path("sink").path("audience").asString()).isEqualTo("prodcat-evaluate");
        assertThat(ping.path("spec").path("data").asString()).contains("\"window\"");
        assertThat(binding.path("spec").path("sink").path("ref").path("kind").asString())
                .isEqualTo("Broker");
        assertRoutesToTheAlertSink(alert, EventType.DRIFT_DETECTED);
    }

    private static void assertRoutesToTheAlertSink(JsonNode trigger, EventType type) {
        assertThat(trigger.path("spec")
                        .path("filter")
                        .path("attributes")
                        .path("type")
                        .asString())
                .isEqualTo(type.type());
        assertThat(trigger.path("spec")
                        .path("subscriber")
                        .path("ref")
                        .path("name")
                        .asString())
                .isEqualTo("prodcat-alerts");
    }

    private record Manifest(Path file, JsonNode document) {
        String kind() {
            return document.path("kind").asString("");
        }

        String name() {
            return document.path("metadata").path("name").asString("");
        }

        @Override
        public String toString() {
            return file.getFileName() + " " + kind() + "/" + name();
        }
    }

    private static List<Manifest> manifests() throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        try (var files = Files.list(KNATIVE)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    CrdSchemas.documents(file).forEach(document -> manifests.add(new Manifest(file, document)));
                }
            }
        }
        return manifests;
    }

    private static JsonNode manifest(String kind, String name) throws IOException {
        return manifests().stream()
                .filter(m -> m.kind().equals(kind) && m.name().equals(name))
                .findFirst()
                .orElseThrow()
                .document();
    }
}
