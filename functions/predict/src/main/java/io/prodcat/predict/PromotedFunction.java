package io.prodcat.predict;

import io.prodcat.events.EvaluationResult;
import io.prodcat.events.EventTypes;
import io.prodcat.events.IncomingEvent;
import java.util.function.Consumer;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code model.promoted} in: the new champion is loaded in the background and swapped in atomically. */
class PromotedFunction implements Consumer<Message<byte[]>> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelHolder models;

    PromotedFunction(ModelHolder models) {
        this.models = models;
    }

    @Override
    public void accept(Message<byte[]> message) {
        IncomingEvent event;
        try {
            event = IncomingEvent.expect(EventTypes.MODEL_PROMOTED, message.getHeaders(), message.getPayload());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        EvaluationResult promoted;
        try {
            promoted = JSON.readValue(event.data(), EvaluationResult.class);
        } catch (JacksonException e) {
            throw new BadRequest("bad model.promoted data: " + e.getOriginalMessage());
        }
        if (promoted.modelVersion() == null || promoted.weightsUri() == null) {
            throw new BadRequest("model.promoted needs modelVersion and weightsUri");
        }
        models.reload(promoted.modelVersion(), promoted.weightsUri());
    }
}
