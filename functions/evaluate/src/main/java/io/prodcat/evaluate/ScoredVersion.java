package io.prodcat.evaluate;

import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.events.EvaluationCompleted;
import io.prodcat.events.ModelPromoted;

/** A registered model version and its held-out figures: what evaluate's replies say about it. */
record ScoredVersion(
        String trainingId,
        String runId,
        String modelName,
        String version,
        String weightsUri,
        Evaluation evaluation,
        int heldOutRows) {

    ModelPromoted promoted(String reason) {
        return new ModelPromoted(
                trainingId,
                runId,
                modelName,
                version,
                weightsUri,
                evaluation.macroF1(),
                evaluation.minF1(),
                evaluation.accuracy(),
                evaluation.weightedF1(),
                heldOutRows,
                reason);
    }

    /** The promotion announced again from the figures recorded on an earlier delivery. */
    static ModelPromoted announcement(EvaluationCompleted recorded) {
        return new ModelPromoted(
                recorded.trainingId(),
                recorded.runId(),
                recorded.modelName(),
                recorded.modelVersion(),
                recorded.weightsUri(),
                recorded.f1(),
                recorded.minF1(),
                recorded.accuracy(),
                recorded.weightedF1(),
                recorded.heldOutRows(),
                recorded.reason());
    }

    /** @param champion whether alias {@code champion} names this version */
    EvaluationCompleted completed(boolean champion, String reason) {
        return new EvaluationCompleted(
                trainingId,
                runId,
                modelName,
                version,
                weightsUri,
                evaluation.macroF1(),
                evaluation.minF1(),
                evaluation.accuracy(),
                evaluation.weightedF1(),
                heldOutRows,
                champion,
                reason);
    }
}
