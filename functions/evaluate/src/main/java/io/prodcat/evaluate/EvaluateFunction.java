package io.prodcat.evaluate;

import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventData;
import io.prodcat.events.IncomingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingCompletedV1;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.CloudEventFunction;
import io.prodcat.function.support.HeapBudget;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code training.completed} in; {@code model.promoted} (the new champion), {@code evaluation.completed} (not promoted,
 * or a redelivery) or {@code evaluation.failed} out. {@link EvaluationJob} does the work. Failures land in their
 * {@link io.prodcat.function.support.FailureClass}: an event that cannot be evaluated is a final {@code evaluation.failed}, an
 * outage 503, a bug 500.
 */
record EvaluateFunction(EvaluationJob job) implements CloudEventFunction.Handler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    @Override
    public EventData refused(IncomingEvent event, BadInput reason) {
        return new EvaluationFailed(trainingIdIn(event), reason.getMessage());
    }

    private EventData evaluate(TrainingCompleted done, HoldoutSource holdout) {
        try {
            return job.run(done, holdout).event();
        } catch (OutOfMemoryError e) {
            return new EvaluationFailed(done.trainingId(), HeapBudget.ranOutOfMemory("evaluating this model"));
        }
    }

    /** The event's trainingId when its data is JSON with one, for the reply's subject; else null. */
    private static String trainingIdIn(IncomingEvent event) {
        try {
            return JSON.readTree(event.data()).path("trainingId").asString(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
