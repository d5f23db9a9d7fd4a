package io.prodcat.predict.api;

import io.prodcat.engine.taxonomy.Taxonomy;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.PublicReason;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.BatchLane;
import io.prodcat.predict.serving.LoadedModel;
import io.prodcat.predict.serving.ModelHolder;
import io.prodcat.predict.serving.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Open Inference Protocol (KServe v2, REST; {@code ../shared/fixtures/kserve/open-inference-protocol}) over the
 * served model, for clients that already speak it (Triton's, KServe's, MLServer's). The model is the registered name
 * ({@code PRODCAT_MODEL_NAME}); its one input is {@code text} (BYTES, shape {@code [-1]}); its outputs are
 * {@code label} (BYTES) and {@code probability} (FP32), and for a label tree each level's {@code level_<i>_label} and
 * {@code level_<i>_probability}. Errors answer {@code {"error": …}} ({@link OpenInferenceErrors}).
 */
@RestController
class OpenInferenceController extends OpenInferenceErrors {

    static final String PLATFORM = "prodcat-linear";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelHolder models;
    private final Scorer scorer;
    private final PredictProperties.Model settings;
    private final PredictProperties.Api limits;
    private final String serverVersion;
    private final BatchLane lane;

    OpenInferenceController(ModelHolder models, Scorer scorer, PredictProperties properties, BatchLane lane) {
        this.models = models;
        this.lane = lane;
        this.scorer = scorer;
        this.settings = properties.model();
        this.limits = properties.api();
        String implementation = OpenInferenceController.class.getPackage().getImplementationVersion();
        this.serverVersion = implementation == null ? "development" : implementation;
    }

    @GetMapping("/v2/health/live")
    Map<String, Object> live() {
        return Map.of("live", true);
    }

    @GetMapping("/v2/health/ready")
    ResponseEntity<Map<String, Object>> ready() {
        boolean ready = models.current().isPresent();
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("ready", ready));
    }

    @GetMapping({"/v2", "/v2/"})
    Map<String, Object> server() {
        return Map.of("name", "prodcat-predict", "version", serverVersion, "extensions", List.of());
    }

    @GetMapping({"/v2/models/{name}", "/v2/models/{name}/versions/{version}"})
    Map<String, Object> model(@PathVariable String name, @PathVariable(required = false) String version) {
        LoadedModel model = addressed(name, version);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", settings.name());
        metadata.put("versions", List.of(model.version()));
        metadata.put("platform", PLATFORM);
        metadata.put("inputs", List.of(tensor(InferenceRequest.TEXT_INPUT, "BYTES")));
        metadata.put(
                "outputs",
                outputs(model).keySet().stream()
                        .map(output -> tensor(output, output.endsWith("label") ? "BYTES" : "FP32"))
                        .toList());
        return metadata;
    }

    @GetMapping({"/v2/models/{name}/ready", "/v2/models/{name}/versions/{version}/ready"})
    Map<String, Object> modelReady(@PathVariable String name, @PathVariable(required = false) String version) {
        addressed(name, version);
        return Map.of("name", settings.name(), "ready", true);
    }

    /**
     * Takes any content type (Triton's client sends JSON as application/octet-stream) and the binary extension: with
     * {@code Inference-Header-Content-Length} the JSON header is that many bytes, the inputs' binary data follow it.
     */
    @PostMapping(
            value = {"/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer"},
            consumes = "*/*")
    Map<String, Object> infer(
            @PathVariable String name,
            @PathVariable(required = false) String version,
            @RequestHeader(value = "Inference-Header-Content-Length", required = false) Integer headerLength,
            @RequestBody byte[] body) {
        int jsonLength = headerLength == null ? body.length : headerLength;
        if (jsonLength < 0 || jsonLength > body.length) {
            throw new BadInput("Inference-Header-Content-Length " + headerLength + " is outside the" + " body's "
                    + body.length + " bytes");
        }
        InferenceRequest request;
        try {
            request = JSON.readValue(body, 0, jsonLength, InferenceRequest.class);
        } catch (JacksonException e) {
            throw new BadInput("malformed inference request: " + PublicReason.unreadableBody(e));
        }
        if (request == null) {
            throw new BadInput("malformed inference request: no JSON object");
        }
        byte[] binary = headerLength == null ? null : Arrays.copyOfRange(body, jsonLength, body.length);
        return infer(name, version, request, binary);
    }

    Map<String, Object> infer(String name, String version, InferenceRequest request, byte[] binary) {
        List<String> texts = request.texts(limits, binary);
        LoadedModel model = addressed(name, version);
        Map<String, Function<Scorer.Scored, Object>> available = outputs(model);
        List<String> wanted = wantedOutputs(request, available.keySet());
        List<Scorer.Scored> answers = lane.answer(
                texts.size(),
                () -> texts.stream().map(text -> scorer.score(model, text, 1)).toList());
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (String output : wanted) {
            Function<Scorer.Scored, Object> value = available.get(output);
            Map<String, Object> tensor = tensor(output, output.endsWith("label") ? "BYTES" : "FP32");
            tensor.put("shape", List.of(texts.size()));
            tensor.put("data", answers.stream().map(value).toList());
            outputs.add(tensor);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("model_name", settings.name());
        response.put("model_version", model.version());
        if (request.id() != null) {
            response.put("id", request.id());
        }
        response.put("outputs", outputs);
        return response;
    }

    /** The served model when the path names it (and, if it names one, its version); 404 otherwise. */
    private LoadedModel addressed(String name, String version) {
        if (!settings.name().equals(name)) {
            throw new NotServed("model '" + name + "' is not served here (this is '" + settings.name() + "')");
        }
        LoadedModel model = models.current()
                .orElseThrow(() -> new DependencyUnavailable(
                        "no model loaded yet", "no model loaded yet: " + models.whyNotLoaded(), null));
        if (version != null && !version.equals(model.version())) {
            throw new NotServed(
                    "version '" + version + "' of '" + name + "' is not served (version " + model.version() + " is)");
        }
        return model;
    }

    /** The model's outputs by name, in the order answered when the request names none. */
    private static Map<String, Function<Scorer.Scored, Object>> outputs(LoadedModel model) {
        Map<String, Function<Scorer.Scored, Object>> outputs = new LinkedHashMap<>();
        outputs.put("label", scored -> scored.answer().label());
        outputs.put("probability", scored -> (float) scored.answer().probability());
        int depth = model.classifier().taxonomy().depth();
        if (depth > 1) {
            for (int level = 0; level < depth; level++) {
                int index = level;
                outputs.put("level_" + (level + 1) + "_label", scored -> levelOf(scored, index, Taxonomy.Level::node));
                outputs.put(
                        "level_" + (level + 1) + "_probability",
                        scored -> levelOf(scored, index, l -> (float) l.probability()));
            }
        }
        return outputs;
    }

    /** A level's value; a leaf shallower than the tree repeats its deepest level (the answer) below it. */
    private static Object levelOf(Scorer.Scored scored, int level, Function<Taxonomy.Level, Object> value) {
        List<Taxonomy.Level> levels = scored.levels();
        return value.apply(levels.get(Math.min(level, levels.size() - 1)));
    }

    private static List<String> wantedOutputs(InferenceRequest request, Set<String> available) {
        if (request.outputs() == null || request.outputs().isEmpty()) {
            return List.copyOf(available);
        }
        List<String> wanted = new ArrayList<>();
        for (InferenceRequest.Output output : request.outputs()) {
            String name = output == null ? null : output.name();
            if (name == null || !available.contains(name)) {
                throw new BadInput("unknown output '" + name + "': this model has " + String.join(", ", available));
            }
            wanted.add(name);
        }
        return wanted;
    }

    private static Map<String, Object> tensor(String name, String datatype) {
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", name);
        tensor.put("datatype", datatype);
        tensor.put("shape", List.of(-1));
        return tensor;
    }
}
