package io.prodcat.predict.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.TestModels;
import io.prodcat.predict.log.PredictionLog;
import io.prodcat.predict.serving.BatchLane;
import io.prodcat.predict.serving.ModelHolder;
import io.prodcat.predict.serving.Scorer;
import io.prodcat.predict.serving.ServingMetrics;
import io.prodcat.testkit.SyntheticCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The protocol's tensors for a label tree (each level's label and probability) and the input's shape rules. */
class OpenInferenceControllerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void aLabelTreeAnswersEachLevelBesideTheLeaf() throws Exception {
        OpenInferenceController controller = controllerServing(TestModels.trained(SyntheticCatalog.PATHS::get, " > "));

        Map<String, Object> metadata = controller.model("paths", null);
        assertThat(JSON.writeValueAsString(metadata.get("outputs")))
                .isEqualTo("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                        + "{\"name\":\"probability\",\"datatype\":\"FP32\",\"shape\":[-1]},"
                        + "{\"name\":\"level_1_label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                        + "{\"name\":\"level_1_probability\",\"datatype\":\"FP32\",\"shape\":[-1]},"
                        + "{\"name\":\"level_2_label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                        + "{\"name\":\"level_2_probability\",\"datatype\":\"FP32\",\"shape\":[-1]}]");

        Map<String, Object> answer = controller.infer(
                "paths",
                "3",
                request(
                        "[2, 1]",
                        "[[\"whole milk 1 l\"], [\"dog kibble treats\"]]",
                        "[{\"name\": \"level_1_label\"}, {\"name\": \"label\"},"
                                + " {\"name\": \"level_1_probability\"}]"),
                null);
        String outputs = JSON.writeValueAsString(answer.get("outputs"));
        assertThat(outputs)
                .startsWith("[{\"name\":\"level_1_label\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"food\","
                        + "\"pets\"]},{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"food >"
                        + " dairy\",\"pets > supplies\"]},{\"name\":\"level_1_probability\",\"datatype\":\"FP32\","
                        + "\"shape\":[2],\"data\":[");
        assertThat(answer.get("model_version")).isEqualTo("3");
        assertThat(answer).doesNotContainKey("id");
    }

    @Test
    void theInputMustBeTheTitlesItsShapeAnnounces() throws Exception {
        OpenInferenceController controller = controllerServing(TestModels.trained(label -> label));

        assertThatThrownBy(() -> controller.infer("paths", null, request("[1, 2]", "[[\"a\", \"b\"]]", null), null))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("shape [n] or [n, 1]");
        assertThatThrownBy(() -> controller.infer("paths", null, request("[3]", "[\"a\", \"b\"]", null), null))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("has 2 elements, its shape says 3");
        assertThatThrownBy(() -> controller.infer("paths", null, request("[0]", "[]", null), null))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> controller.infer("other", null, request("[1]", "[\"a\"]", null), null))
                .isInstanceOf(OpenInferenceErrors.NotServed.class);
        assertThat(controller.infer("paths", null, request("[1]", "[\"cheddar cheese\"]", null), null))
                .containsEntry("model_version", "3");
    }

    /** Triton's client sends its titles in the binary extension by default: a JSON header, then the bytes. */
    @Test
    void titlesInTheBinaryExtensionAreReadAfterTheJsonHeader() throws Exception {
        OpenInferenceController controller = controllerServing(TestModels.trained(label -> label));
        java.io.ByteArrayOutputStream titles = new java.io.ByteArrayOutputStream();
        for (String title : List.of("greek yogurt plain", "lemonade soda 6 pack")) {
            byte[] utf8 = title.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            titles.write(java.nio.ByteBuffer.allocate(4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt(utf8.length)
                    .array());
            titles.write(utf8);
        }
        byte[] header = ("{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [2],"
                        + " \"parameters\": {\"binary_data_size\": " + titles.size() + "}}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(header);
        body.write(titles.toByteArray());

        Map<String, Object> answer = controller.infer("paths", null, header.length, body.toByteArray());

        assertThat(JSON.writeValueAsString(answer.get("outputs")))
                .contains("\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"dairy\",\"beverages\"]");
        byte[] cut = java.util.Arrays.copyOf(body.toByteArray(), body.size() - 3);
        assertThatThrownBy(() -> controller.infer("paths", null, header.length, cut))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("binary_data_size");
        assertThatThrownBy(() -> controller.infer("paths", null, body.size() + 1, body.toByteArray()))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("Inference-Header-Content-Length");
    }

    private static InferenceRequest request(String shape, String data, String outputs) {
        return JSON.readValue(
                "{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": " + shape + ", \"data\": "
                        + data + "}]" + (outputs == null ? "" : ", \"outputs\": " + outputs) + "}",
                InferenceRequest.class);
    }

    private OpenInferenceController controllerServing(io.prodcat.engine.model.LinearClassifier classifier)
            throws Exception {
        Path file = Files.createTempFile(dir, "model", ".prodcat");
        ModelFile.write(classifier, file);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ServingMetrics metrics = new ServingMetrics(meters);
        PredictProperties.Model model = new PredictProperties.Model(null, "paths", 1 << 27, "models", null);
        PredictProperties.PredictionLog off =
                new PredictProperties.PredictionLog(0, 10, 10, Duration.ofSeconds(1), Duration.ofDays(1), false);
        ModelHolder models = new ModelHolder(null, null, model, metrics);
        models.reload("3", file.toUri().toString()).get(10, TimeUnit.SECONDS);
        PredictionLog log = new PredictionLog(() -> null, off, meters, Clock.systemUTC());
        return new OpenInferenceController(
                models,
                new Scorer(metrics, log),
                new PredictProperties(
                        model,
                        new PredictProperties.Api(64, 500, 6400, 8, 8),
                        null,
                        null,
                        null,
                        off,
                        PredictProperties.Rollout.direct(),
                        false,
                        false),
                BatchLane.forThisMachine());
    }
}
