package io.prodcat.evaluate;

import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingCompletedV1;
import io.prodcat.function.BadInput;
import io.prodcat.function.CloudEventFunction;
import io.prodcat.function.CloudEvents;
import io.prodcat.function.DependencyUnavailable;
import io.prodcat.storage.ObjectNotFoundException;

/**
 * The CloudEvent function: {@code training.completed} in; {@code model.promoted} (the new champion),
 * {@code evaluation.completed} (not promoted, or a redelivery) or {@code evaluation.failed} out. {@link EvaluationJob}
 * does the work.
 */
class EvaluateFunction extends CloudEventFunction {

    private final EvaluationJob job;

    EvaluateFunction(EvaluationJob job, CloudEvents events) {
        super(events, EventType.TRAINING_COMPLETED);
        this.job = job;
    }

    @Override
    protected EventData handle(IncomingEvent event) {
        if (event.dataVersion() == 1) { // read for one release: no manifest, the split is rebuilt
            TrainingCompletedV1 old = data(event, TrainingCompletedV1.class);
            return evaluate(old.upgrade(), new HoldoutSource.RebuiltSplit(old.holdoutFraction(), old.holdoutSeed()));
        }
        TrainingCompleted done = data(event, TrainingCompleted.class);
        if (done.holdoutManifestUri() == null) {
            throw new BadInput("training.completed v2 needs holdoutManifestUri");
        }
        return evaluate(done, new HoldoutSource.Manifest(done.holdoutManifestUri()));
    }

    private EventData evaluate(TrainingCompleted done, HoldoutSource holdout) {
        try {
            return job.run(done, holdout).event();
        } catch (BadInput e) {
            throw e;
        } catch (ObjectNotFoundException e) {
            return new EvaluationFailed(done.trainingId(), e.getMessage());
        } catch (RuntimeException e) {
            throw new DependencyUnavailable(
                    "evaluation of training " + done.trainingId() + " interrupted: " + e.getMessage(), e);
        }
    }
}
