package io.prodcat.predict;

import io.prodcat.events.EventType;
import io.prodcat.events.ModelPromoted;
import io.prodcat.function.BadInput;
import io.prodcat.function.CloudEventConsumer;
import io.prodcat.function.CloudEvents;

/**
 * {@code model.promoted} in (versions 1 and 2: version 2 only dropped {@code promoted}, ignored when present): the new
 * champion is loaded in the background and swapped in atomically.
 */
class PromotedFunction extends CloudEventConsumer<ModelPromoted> {

    private final ModelHolder models;

    PromotedFunction(ModelHolder models, CloudEvents events) {
        super(events, EventType.MODEL_PROMOTED, ModelPromoted.class);
        this.models = models;
    }

    @Override
    protected void handle(ModelPromoted promoted) {
        if (promoted.modelVersion() == null || promoted.weightsUri() == null) {
            throw new BadInput("model.promoted needs modelVersion and weightsUri");
        }
        models.reload(promoted.modelVersion(), promoted.weightsUri());
    }
}
