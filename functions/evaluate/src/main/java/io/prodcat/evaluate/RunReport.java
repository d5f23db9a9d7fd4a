package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.tracking.ArtifactStore;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.engine.evaluation.BackOffPoint;
import io.prodcat.engine.evaluation.ClassMetrics;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import java.util.List;

/** Test figures and pictures on the training's own MLflow run. Repeating it overwrites, never duplicates. */
class RunReport {

    private final ExperimentTracker tracker;
    private final ArtifactStore artifacts;

    RunReport(ExperimentTracker tracker, ArtifactStore artifacts) {
        this.tracker = tracker;
        this.artifacts = artifacts;
    }

    /**
     * @param hierarchy the held-out figures per tree level; null for flat labels
     * @param onFeedback figures on unseen feedback; null when there is none
     */
    void log(
            String runId,
            Evaluation heldOut,
            HierarchicalEvaluator.Result hierarchy,
            Evaluation onFeedback,
            List<ModelMetricsRow> history) {
        logFigures(runId, "test_", heldOut);
        if (hierarchy != null) {
            logHierarchy(runId, hierarchy);
        }
        if (onFeedback != null) {
            logFigures(runId, "feedback_", onFeedback);
        }
        artifacts.upload(runId, "evaluation/confusion-matrix.png", Charts.confusionMatrix(heldOut), "image/png");
        artifacts.upload(runId, "evaluation/per-class.csv", Charts.perClassCsv(heldOut), "text/csv");
        artifacts.upload(runId, "evaluation/f1-history.png", Charts.history(history), "image/png");
    }

    /** test_level{n}_macro_f1 / _min_f1 / _accuracy, test_hierarchical_f1, test_back_off_{threshold}_… */
    private void logHierarchy(String runId, HierarchicalEvaluator.Result hierarchy) {
        List<Evaluation> levels = hierarchy.evaluation().levels();
        for (int level = 1; level <= levels.size(); level++) {
            Evaluation figures = levels.get(level - 1);
            String prefix = "test_level" + level + "_";
            tracker.logMetric(runId, prefix + "macro_f1", figures.macroF1(), 0);
            tracker.logMetric(runId, prefix + "min_f1", figures.minF1(), 0);
            tracker.logMetric(runId, prefix + "accuracy", figures.accuracy(), 0);
        }
        tracker.logMetric(runId, "test_hierarchical_f1", hierarchy.evaluation().hierarchicalF1(), 0);
        for (BackOffPoint point : hierarchy.backOff()) {
            String prefix = "test_back_off_" + Math.round(point.minConfidence() * 100) + "_";
            tracker.logMetric(runId, prefix + "answered", point.answered(), 0);
            tracker.logMetric(runId, prefix + "leaf_answered", point.leafAnswered(), 0);
            tracker.logMetric(runId, prefix + "accuracy", point.accuracy(), 0);
        }
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
