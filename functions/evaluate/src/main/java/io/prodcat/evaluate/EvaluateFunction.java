package io.prodcat.evaluate;

import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventData;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingCompletedV1;
import io.prodcat.function.BadInput;
import io.prodcat.function.CloudEventFunction;
import io.prodcat.function.DependencyUnavailable;
import io.prodcat.storage.ObjectNotFoundException;

/**
 * {@code training.completed} in; {@code model.promoted} (the new champion), {@code evaluation.completed} (not promoted,
 * or a redelivery) or {@code evaluation.failed} out. {@link EvaluationJob} does the work.
 */
record EvaluateFunction(EvaluationJob job) implements CloudEventFunction.Handler {

    @Override
    public EventData handle(IncomingEvent event) {
        if (event.dataVersion() == 1) { // read for one release: no manifest, the split is rebuilt
            TrainingCompletedV1 old = event.data(TrainingCompletedV1.class);
            return evaluate(old.upgrade(), new HoldoutSource.RebuiltSplit(old.holdoutFraction(), old.holdoutSeed()));
        }
        TrainingCompleted done = event.data(TrainingCompleted.class);
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
