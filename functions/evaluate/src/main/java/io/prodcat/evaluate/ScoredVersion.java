package io.prodcat.evaluate;

import io.prodcat.evaluation.Evaluation;
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
