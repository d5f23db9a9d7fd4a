package io.prodcat.evaluate;

import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventTypes;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.storage.ObjectNotFoundException;
import java.net.URI;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.cloud.function.cloudevent.CloudEventMessageBuilder;
import org.springframework.cloud.function.cloudevent.CloudEventMessageUtils;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudEvent function: {@code training.completed} in; {@code model.promoted} (the new champion),
 * {@code evaluation.completed} (evaluated, not promoted, or a redelivery) or {@code evaluation.failed} out,
 * each with a new id and this function's source. Only decodes and encodes; {@link EvaluationJob} works.
 */
class EvaluateFunction implements Function<Message<byte[]>, Message<Object>> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EvaluationJob job;
    private final URI source;

    EvaluateFunction(EvaluationJob job, URI source) {
        this.job = job;
        this.source = source;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        IncomingEvent event;
        try {
            event = IncomingEvent.expect(EventTypes.TRAINING_COMPLETED, message.getHeaders(), message.getPayload());
        } catch (IllegalArgumentException e) {
            throw new BadEvent(e.getMessage());
        }
        TrainingCompleted done = decode(event.data());
        EvaluationJob.Outcome outcome;
        try {
            outcome = job.run(done);
        } catch (BadEvent e) {
            throw e;
        } catch (ObjectNotFoundException e) {
            outcome = EvaluationJob.Outcome.failed(e.getMessage());
        } catch (RuntimeException e) {
            throw new DependencyFailure("evaluation of training " + done.trainingId() + " interrupted: " + e.getMessage(), e);
        }
        if (outcome.failure() != null) {
            return reply(EventTypes.EVALUATION_FAILED, new EvaluationFailed(done.trainingId(), outcome.failure()),
                    done.trainingId());
        }
        boolean newlyPromoted = outcome.result().promoted() && !outcome.result().reason().startsWith("already");
        return reply(newlyPromoted ? EventTypes.MODEL_PROMOTED : EventTypes.EVALUATION_COMPLETED, outcome.result(),
                done.trainingId());
    }

    private static TrainingCompleted decode(byte[] data) {
        try {
            TrainingCompleted done = JSON.readValue(data, TrainingCompleted.class);
            if (done.trainingId() == null || done.weightsUri() == null || done.datasetPath() == null || done.runId() == null) {
                throw new BadEvent("training.completed needs trainingId, runId, datasetPath and weightsUri");
            }
            return done;
        } catch (JacksonException e) {
            throw new BadEvent("bad training.completed data: " + e.getOriginalMessage());
        }
    }

    private Message<Object> reply(String type, Object data, String subject) {
        return CloudEventMessageBuilder.withData(data)
                .setId(UUID.randomUUID().toString())
                .setSource(source)
                .setType(type)
                .setSubject(subject)
                .setDataContentType("application/json")
                .build(CloudEventMessageUtils.DEFAULT_ATTR_PREFIX);
    }
}
