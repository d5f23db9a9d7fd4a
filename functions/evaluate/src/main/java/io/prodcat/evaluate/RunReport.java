package io.prodcat.evaluate;

import io.prodcat.evaluation.ClassMetrics;
import io.prodcat.evaluation.Evaluation;
import io.prodcat.persistence.ModelMetricsRow;
import io.prodcat.tracking.ArtifactStore;
import io.prodcat.tracking.ExperimentTracker;
import java.util.List;

/** Test figures and pictures on the training's own MLflow run. Repeating it overwrites, never duplicates. */
class RunReport {

    private final ExperimentTracker tracker;
    private final ArtifactStore artifacts;

    RunReport(ExperimentTracker tracker, ArtifactStore artifacts) {
        this.tracker = tracker;
        this.artifacts = artifacts;
    }

    void log(String runId, Evaluation heldOut, Evaluation onFeedback, List<ModelMetricsRow> history) {
        logFigures(runId, "test_", heldOut);
        if (onFeedback != null) {
            logFigures(runId, "feedback_", onFeedback);
        }
        artifacts.upload(runId, "evaluation/confusion-matrix.png", Charts.confusionMatrix(heldOut), "image/png");
        artifacts.upload(runId, "evaluation/per-class.csv", Charts.perClassCsv(heldOut), "text/csv");
        artifacts.upload(runId, "evaluation/f1-history.png", Charts.history(history), "image/png");
    }

    private void logFigures(String runId, String prefix, Evaluation evaluation) {
        tracker.logMetric(runId, prefix + "macro_f1", evaluation.macroF1(), 0);
        tracker.logMetric(runId, prefix + "min_f1", evaluation.minF1(), 0);
        tracker.logMetric(runId, prefix + "accuracy", evaluation.accuracy(), 0);
        tracker.logMetric(runId, prefix + "weighted_f1", evaluation.weightedF1(), 0);
        for (ClassMetrics metrics : evaluation.perClass()) {
            tracker.logMetric(
                    runId, prefix + "f1_" + metrics.label().replaceAll("[^A-Za-z0-9_.-]", "_"), metrics.f1(), 0);
        }
    }
}
