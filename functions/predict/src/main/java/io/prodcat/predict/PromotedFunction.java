package io.prodcat.predict;

import io.prodcat.events.EventType;
import io.prodcat.events.ModelPromoted;
import io.prodcat.function.BadInput;
import io.prodcat.function.CloudEvents;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/** {@code model.promoted} in: the new champion is loaded in the background and swapped in atomically. */
class PromotedFunction implements Consumer<Message<byte[]>> {

    private final ModelHolder models;
    private final CloudEvents events;

    PromotedFunction(ModelHolder models, CloudEvents events) {
        this.models = models;
        this.events = events;
    }

    /** Reads versions 1 and 2 alike: version 2 only dropped {@code promoted}, which is ignored when present. */
    @Override
    public void accept(Message<byte[]> message) {
        ModelPromoted promoted = events.receiveData(message, EventType.MODEL_PROMOTED, ModelPromoted.class);
        if (promoted.modelVersion() == null || promoted.weightsUri() == null) {
            throw new BadInput("model.promoted needs modelVersion and weightsUri");
        }
        models.reload(promoted.modelVersion(), promoted.weightsUri());
    }
}
