package io.prodcat.predict.api;

import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.feedback.FeedbackLoop;
import io.prodcat.predict.feedback.FeedbackRequest;
import io.prodcat.predict.rollout.RolloutRouter;
import io.prodcat.predict.serving.BatchLane;
import io.prodcat.predict.serving.LoadedModel;
import io.prodcat.predict.serving.ModelHolder;
import io.prodcat.predict.serving.Scorer;
import io.prodcat.predict.serving.ServingMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The shop-facing API (documented in /openapi.yaml). */
@RestController
public class PredictController {

    private final ModelHolder models;
    private final FeedbackLoop feedback;
    private final PredictProperties.Api limits;
    private final PredictProperties.Feedback feedbackSettings;
    private final ServingMetrics metrics;
    private final Scorer scorer;
    private final RolloutRouter rollout;
    private final BatchLane lane;
    private final JsonMapper json;
    private final PredictBody body;

    PredictController(
            ModelHolder models,
            FeedbackLoop feedback,
            PredictProperties properties,
            ServingMetrics metrics,
            Scorer scorer,
            RolloutRouter rollout,
            BatchLane lane,
            JsonMapper json) {
        this.models = models;
        this.lane = lane;
        this.json = json;
        this.body = new PredictBody(json);
        this.rollout = rollout;
        this.feedback = feedback;
        this.metrics = metrics;
        this.scorer = scorer;
        this.limits = properties.api();
        this.feedbackSettings = properties.feedback();
    }

    /** The model being served; 503 "no model loaded yet" (the reason goes to the log) while there is none. */
    private LoadedModel served() {
        return models.current()
                .orElseThrow(() -> new DependencyUnavailable(
                        "no model loaded yet", "no model loaded yet: " + models.whyNotLoaded(), null));
    }

    /** Header naming the caller for a canary's split (a shop's session or customer id); else the API client or IP. */
    public static final String CALLER_KEY = io.prodcat.function.support.ClientConcurrency.CALLER_KEY;

    /** A large batch is answered, JSON and all, on the {@link BatchLane}; anything smaller on this thread. */
    @PostMapping("/predict")
    void predict(Principal caller, HttpServletRequest http, HttpServletResponse out)
            throws IOException, HttpMediaTypeNotSupportedException {
        PredictRequest request = body.read(http);
        request.validate(limits);
        String callerKey = http.getHeader(CALLER_KEY);
        if (callerKey != null && callerKey.length() > 200) {
            throw new BadInput("header " + CALLER_KEY + " has more than 200 characters");
        }
        LoadedModel champion = served();
        LoadedModel model = rollout.choose(
                champion, callerKey != null ? callerKey : caller != null ? caller.getName() : http.getRemoteAddr());
        int texts = request.text() != null ? 1 : request.texts().size();
        byte[] answer = lane.answer(texts, () -> json.writeValueAsBytes(answer(request, model, champion)));
        // written here rather than through a message converter, as the body is read (PredictBody)
        out.setContentType(MediaType.APPLICATION_JSON_VALUE);
        out.setContentLength(answer.length);
        out.getOutputStream().write(answer);
    }

    private Map<String, Object> answer(PredictRequest request, LoadedModel model, LoadedModel champion) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("modelVersion", model.version());
        if (model != champion) {
            answer.put("servedBy", "challenger");
        }
        List<String> texts = request.text() != null ? List.of(request.text()) : request.texts();
        List<Map<String, Object>> results = new ArrayList<>(texts.size());
        try {
            for (String text : texts) {
                results.add(result(model, text, request));
            }
        } catch (RuntimeException e) {
            rollout.failed(model);
            throw e;
        }
        rollout.answered(
                model,
                champion,
                texts,
                results.stream().map(result -> (String) result.get("label")).toList());
        if (request.text() != null) {
            answer.putAll(results.get(0));
        } else {
            answer.put("results", results);
        }
        return answer;
    }

    /** The API's OpenAPI 3 document. */
    @GetMapping(value = "/openapi.yaml", produces = "application/yaml")
    ResponseEntity<org.springframework.core.io.Resource> openApi() {
        return ResponseEntity.ok(new org.springframework.core.io.ClassPathResource("api/openapi.yaml"));
    }

    /**
     * The served model: its version, labels and when it was loaded for anyone who may predict; where it came from,
     * its training's provenance (dataset hash, settings) and load time only for an admin.
     */
    @GetMapping("/model")
    Map<String, Object> model(Authentication caller) {
        LoadedModel model = served();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("version", model.version());
        description.put("loadedAt", model.loadedAt().toString());
        description.put("labels", model.classifier().labels());
        description.put("pathSeparator", model.classifier().pathSeparator().orElse(null));
        description.put("depth", model.classifier().taxonomy().depth());
        description.put(
                "challenger", models.challenger().map(LoadedModel::version).orElse(null));
        if (PredictRoles.isAdmin(caller)) {
            description.put("source", model.source());
            description.put("loadMillis", model.loadMillis());
            description.put("provenance", model.classifier().provenance());
        }
        return description;
    }

    /** Re-reads the configured model (PRODCAT_MODEL_URI or the champion) in the background. */
    @PostMapping("/reload")
    ResponseEntity<Map<String, Object>> reload() {
        models.reloadConfigured();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("reloading", true));
    }

    @PostMapping("/feedback")
    ResponseEntity<Map<String, Object>> feedback(@RequestBody FeedbackRequest request, Principal caller) {
        request.validate(limits);
        if (feedbackSettings.knownLabelsOnly()) {
            LoadedModel model = served();
            if (!model.classifier().labels().contains(request.label().strip())) {
                throw new BadInput("\"label\" must be one of the served model's labels (a new category comes with"
                        + " a training dataset, not through feedback)");
            }
        }
        // what the model answers now tells a correction from a confirmation (the caller's predictedLabel is not
        // trusted)
        String servedLabel = models.current()
                .map(model -> scorer.scoreOnly(model, request.text().strip(), 1)
                        .answer()
                        .label())
                .orElse(null);
        long id = feedback.record(request, servedLabel, caller == null ? "anonymous" : caller.getName());
        metrics.feedback(request.predictedLabel(), request.label());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    /** Writes the unconsumed feedback into a new training dataset now, whatever the threshold. */
    @PostMapping("/feedback/export")
    Map<String, Object> exportFeedback() {
        return feedback.exportNow()
                .map(exported -> Map.<String, Object>of(
                        "dataset",
                        exported.dataset(),
                        "feedbackRows",
                        exported.feedbackRows(),
                        "totalRows",
                        exported.totalRows()))
                .orElse(Map.of("feedbackRows", 0));
    }

    private Map<String, Object> result(LoadedModel model, String text, PredictRequest request) {
        Scorer.Scored scored = scorer.score(model, text, request.topK());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", scored.answer().label());
        result.put("probability", scored.answer().probability());
        result.put("top", scored.top());
        result.put("levels", scored.levels());
        if (request.minConfidence() != null) {
            result.put(
                    "backedOff",
                    model.classifier().taxonomy().backOff(scored.probabilities(), request.minConfidence()));
        }
        return result;
    }
}
