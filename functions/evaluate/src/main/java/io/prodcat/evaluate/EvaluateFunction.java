package io.prodcat.evaluate;

import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingCompletedV1;
import io.prodcat.function.BadInput;
import io.prodcat.function.CloudEvents;
import io.prodcat.function.DependencyUnavailable;
import io.prodcat.storage.ObjectNotFoundException;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The CloudEvent function: {@code training.completed} in; {@code model.promoted} (the new champion),
 * {@code evaluation.completed} (not promoted, or a redelivery) or {@code evaluation.failed} out. Only decodes and
 * encodes; {@link EvaluationJob} works.
 */
class EvaluateFunction implements Function<Message<byte[]>, Message<Object>> {

    private final EvaluationJob job;
    private final CloudEvents events;

    EvaluateFunction(EvaluationJob job, CloudEvents events) {
        this.job = job;
        this.events = events;
    }

    @Override
    public Message<Object> apply(Message<byte[]> message) {
        IncomingEvent event = events.receive(message, EventType.TRAINING_COMPLETED);
        TrainingCompleted done;
        HoldoutSource holdout;
        if (event.dataVersion() == 1) {
            TrainingCompletedV1 old = events.data(event, TrainingCompletedV1.class);
            done = old.upgrade();
            holdout = new HoldoutSource.RebuiltSplit(old.holdoutFraction(), old.holdoutSeed());
        } else {
            done = events.data(event, TrainingCompleted.class);
            if (done.holdoutManifestUri() == null) {
                throw new BadInput("training.completed v2 needs holdoutManifestUri");
            }
            holdout = new HoldoutSource.Manifest(done.holdoutManifestUri());
        }
        return events.reply(evaluate(done, holdout).reply());
    }

    private EvaluateOutcome evaluate(TrainingCompleted done, HoldoutSource holdout) {
        try {
            return job.run(done, holdout);
        } catch (BadInput e) {
            throw e;
        } catch (ObjectNotFoundException e) {
            return new EvaluateOutcome.Failed(new EvaluationFailed(done.trainingId(), e.getMessage()));
        } catch (RuntimeException e) {
            throw new DependencyUnavailable("evaluation of training " + done.trainingId() + " interrupted: "
                    + e.getMessage(), e);
        }
    }
}
