package io.prodcat.predict.serving;

import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.events.ModelPromoted;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.predict.PredictProperties;
import java.util.function.Consumer;

/**
 * {@code model.promoted} in (versions 1 and 2: version 2 only dropped {@code promoted}, ignored when present): the
 * event names a version, nothing more. Predict asks the registry for the current {@code champion} and loads it only
 * if it is that version and its file lies in the model bucket; the event's own {@code weightsUri} is never read, so a
 * forged event can at most make predict load the real champion again. A {@code file:} model is the operator's
 * (PRODCAT_MODEL_URI), never an event's.
 */
public record PromotedFunction(ModelHolder models, ModelRegistry registry, PredictProperties.Model settings)
        implements Consumer<ModelPromoted> {

    @Override
    public void accept(ModelPromoted promoted) {
        if (promoted.modelVersion() == null) {
            throw new BadInput("model.promoted needs modelVersion");
        }
        if (promoted.modelName() != null && !promoted.modelName().equals(settings.name())) {
            throw new BadInput("model.promoted names model '" + promoted.modelName() + "', this function serves '"
                    + settings.name() + "'");
        }
        ModelVersion champion = champion();
        if (!champion.version().equals(promoted.modelVersion())) {
            throw new BadInput("version " + promoted.modelVersion() + " is not the champion of " + settings.name()
                    + " (the champion is version " + champion.version() + ")");
        }
        models.load(champion);
    }

    private ModelVersion champion() {
        try {
            return registry.findByAlias(settings.name(), "champion")
                    .orElseThrow(() -> new BadInput("registered model " + settings.name() + " has no champion"));
        } catch (BadInput e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DependencyUnavailable("model registry unavailable: " + e.getMessage(), e);
        }
    }
}
