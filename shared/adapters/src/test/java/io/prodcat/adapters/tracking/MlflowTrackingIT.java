package io.prodcat.adapters.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.MlflowExtension;
import io.prodcat.testkit.MlflowServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Writes through our adapters, reads back through MLflow's REST API directly. */
@ExtendWith(MlflowExtension.class)
class MlflowTrackingIT {

    private static final ModelRegistry.AliasChange BY_TEST = new ModelRegistry.AliasChange("test", "set by the test");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String baseUri;
    private static ExperimentTracker tracker;
    private static ModelRegistry registry;

    @BeforeAll
    static void connect(MlflowServer mlflow) {
        baseUri = mlflow.trackingUri();
        MlflowClient client = mlflow.client();
        tracker = new MlflowExperimentTracker(client);
        registry = new MlflowModelRegistry(client, mlflow.trackingUri());
    }

    @Test
    void runKeepsParamsMetricsWithStepsTagsAndOutcome() throws Exception {
        String runId = tracker.startRun("prodcat-smoke", "train-smoke", Map.of("dataset_hash", "ab".repeat(20)));
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 130; i++) {
            params.put("param_" + i, "value_" + i);
        }
        tracker.logParams(runId, params);
        tracker.logMetric(runId, "val_macro_f1", 0.61, 1);
        tracker.logMetric(runId, "val_macro_f1", 0.72, 2);
        tracker.setTags(runId, Map.of("best_checkpoint", "checkpoint-2"));
        tracker.endRun(runId, ExperimentTracker.RunEnd.FINISHED);

        JsonNode run = get("runs/get?run_id=" + runId).path("run");
        assertThat(run.path("info").path("status").asString()).isEqualTo("FINISHED");
        assertThat(run.path("info").path("run_name").asString()).isEqualTo("train-smoke");
        assertThat(keyValues(run.path("data").path("params"))).hasSize(130).containsEntry("param_129", "value_129");
        assertThat(keyValues(run.path("data").path("tags")))
                .containsEntry("dataset_hash", "ab".repeat(20))
                .containsEntry("best_checkpoint", "checkpoint-2");
        JsonNode history = get("metrics/get-history?run_id=" + runId + "&metric_key=val_macro_f1")
                .path("metrics");
        assertThat(history.valueStream()
                        .map(m ->
                                m.path("step").asLong() + "=" + m.path("value").asDouble()))
                .containsExactlyInAnyOrder("1=0.61", "2=0.72");
    }

    @Test
    void registersVersionsAndMovesTheChampionAlias() throws Exception {
        String model = "prodcat-smoke-model";
        String firstRun = tracker.startRun("prodcat-smoke", "first", Map.of());
        String secondRun = tracker.startRun("prodcat-smoke", "second", Map.of());

        registry.ensureRegisteredModel(model);
        registry.ensureRegisteredModel(model);
        ModelVersion first = registry.createVersion(
                model, "s3://models/" + firstRun + "/model.bin", firstRun, Map.of("macro_f1", "0.71"));
        ModelVersion second =
                registry.createVersion(model, "s3://models/" + secondRun + "/model.bin", secondRun, Map.of());
        assertThat(registry.findByAlias(model, "champion")).isEmpty();

        registry.setAlias(model, "champion", first.version(), BY_TEST);
        registry.setAlias(model, "champion", second.version(), BY_TEST);

        assertThat(first.version()).isEqualTo("1");
        assertThat(second.version()).isEqualTo("2");
        ModelVersion champion = registry.findByAlias(model, "champion").orElseThrow();
        assertThat(champion.version()).isEqualTo(second.version());
        assertThat(champion.sourceUri()).isEqualTo(second.sourceUri());
        // who moved the alias there and why, as tags of the version
        assertThat(champion.tags())
                .containsEntry("prodcat.champion.set_by", "test")
                .containsEntry("prodcat.champion.reason", "set by the test")
                .containsKey("prodcat.champion.set_at");
        assertThat(registry.findVersion(model, "2")).map(ModelVersion::runId).contains(secondRun);
        assertThat(registry.findVersion(model, "99")).isEmpty();
        assertThat(registry.findVersionByRun(model, firstRun))
                .map(ModelVersion::sourceUri)
                .contains(first.sourceUri());
        assertThat(first.tags()).containsEntry("macro_f1", "0.71");
        JsonNode viaRest =
                get("registered-models/alias?name=" + model + "&alias=champion").path("model_version");
        assertThat(viaRest.path("version").asString()).isEqualTo("2");
        assertThat(viaRest.path("source").asString()).isEqualTo("s3://models/" + secondRun + "/model.bin");
        assertThat(viaRest.path("run_id").asString()).isEqualTo(secondRun);

        // a challenger retired: the alias is gone from MLflow, and the version says who removed it and why
        registry.setAlias(model, "challenger", first.version(), BY_TEST);
        assertThat(registry.findByAlias(model, "challenger"))
                .map(ModelVersion::version)
                .contains("1");
        registry.removeAlias(model, "challenger", new ModelRegistry.AliasChange("rollout-check", "retired"));
        registry.removeAlias(model, "challenger", BY_TEST); // nothing to remove: nothing happens
        assertThat(registry.findByAlias(model, "challenger")).isEmpty();
        assertThat(registry.findByAlias(model, "champion"))
                .map(ModelVersion::version)
                .contains("2");
        assertThat(registry.findVersion(model, "1").orElseThrow().tags())
                .containsEntry("prodcat.challenger.removed_by", "rollout-check")
                .containsEntry("prodcat.challenger.removed_reason", "retired")
                .containsKey("prodcat.challenger.removed_at");
    }

    @Test
    void unknownModelHasNoChampionAndNoVersions() {
        assertThat(registry.findByAlias("prodcat-never-registered", "champion")).isEmpty();
        assertThat(registry.findVersionByRun("prodcat-never-registered", "0".repeat(32)))
                .isEmpty();
    }

    @Test
    void unreachableServerIsATrackingFailure() {
        int closedPort = FreePort.find();
        MlflowClient down = new MlflowClient("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> new MlflowExperimentTracker(down).startRun("x", "y", Map.of()))
                .isInstanceOf(TrackingException.class);
        assertThatThrownBy(() ->
                        new MlflowModelRegistry(down, "http://127.0.0.1:" + closedPort).findByAlias("x", "champion"))
                .isInstanceOf(TrackingException.class);
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        String[] parts = pathAndQuery.split("\\?", 2);
        String query = parts.length == 1 ? "" : "?" + encodeQuery(parts[1]);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUri + "/api/2.0/mlflow/" + parts[0] + query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String encodeQuery(String query) {
        return String.join(
                "&",
                List.of(query.split("&")).stream()
                        .map(pair -> pair.split("=", 2))
                        .map(kv -> kv[0] + "=" + URLEncoder.encode(kv[1], StandardCharsets.UTF_8))
                        .toList());
    }

    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> map = new LinkedHashMap<>();
        array.forEach(entry ->
                map.put(entry.path("key").asString(), entry.path("value").asString()));
        return map;
    }
}
