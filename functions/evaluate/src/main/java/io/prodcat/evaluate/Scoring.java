package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.BackOffRow;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.LevelMetricsRow;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.events.TrainingCompleted;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Scores a trained model and records the figures once: on the rows its training held out ({@code model_metrics},
 * per tree level and back-off point for category paths), on waiting feedback no training has seen, and in the MLflow
 * run. A redelivery finds the rows and writes nothing twice.
 */
class Scoring {

    static final String HOLDOUT = "holdout";
    static final String FEEDBACK = "feedback";
    /** Feedback rows scored at most (the newest waiting ones). */
    private static final int FEEDBACK_ROWS = 100_000;

    private final ModelMetricsDao metrics;
    private final FeedbackDao feedback;
    private final RunReport report;
    private final Clock clock;

    Scoring(ModelMetricsDao metrics, FeedbackDao feedback, RunReport report, Clock clock) {
        this.metrics = metrics;
        this.feedback = feedback;
        this.report = report;
        this.clock = clock;
    }

    /** The held-out figures and the id of their {@code model_metrics} row. */
    record Scored(long metricsId, Evaluation evaluation, int heldOutRows) {}

    Scored score(TrainingCompleted done, UUID trainingId, LinearClassifier model, List<LabelledText> heldOut) {
        Evaluation evaluation = Evaluator.evaluate(model, heldOut);
        long metricsId = record(trainingId, done.runId(), HOLDOUT, evaluation);
        HierarchicalEvaluator.Result hierarchy = recordHierarchy(metricsId, model, heldOut);
        // waiting feedback no training has seen (consumed rows may be in this model's data; held rows are untrusted)
        List<LabelledText> unseen = feedback.unconsumed(FEEDBACK_ROWS).stream()
                .map(row -> new LabelledText(row.text(), row.trueLabel()))
                .toList();
        Evaluation onFeedback = unseen.isEmpty() ? null : Evaluator.evaluate(model, unseen);
        if (onFeedback != null) {
            record(trainingId, done.runId(), FEEDBACK, onFeedback);
        }
        if (!metrics.reported(metricsId)) {
            report.log(done.runId(), evaluation, hierarchy, onFeedback, metrics.history(HOLDOUT, 30));
            metrics.markReported(metricsId);
        }
        return new Scored(metricsId, evaluation, heldOut.size());
    }

    /** Inserts the figures unless this training already has a row for that data; returns the row's id. */
    private long record(UUID trainingId, String runId, String evaluatedOn, Evaluation evaluation) {
        return metrics.findByTraining(trainingId, evaluatedOn)
                .map(ModelMetricsRow::id)
                .orElseGet(() -> metrics.insert(new ModelMetricsRow(
                        null,
                        clock.instant(),
                        evaluation.macroF1(),
                        evaluation.minF1(),
                        evaluation.accuracy(),
                        evaluation.weightedF1(),
                        runId,
                        trainingId,
                        null,
                        evaluatedOn,
                        evaluation.sampleCount())));
    }

    /**
     * For a model whose labels are paths: its figures per tree level, hierarchical F1 and back-off points, recorded
     * (again, on a redelivery: the same figures overwrite). Null for flat labels.
     */
    private HierarchicalEvaluator.Result recordHierarchy(
            long metricsId, LinearClassifier model, List<LabelledText> heldOut) {
        if (model.pathSeparator().isEmpty()) {
            return null;
        }
        HierarchicalEvaluator.Result result = HierarchicalEvaluator.evaluate(
                model, heldOut, model.pathSeparator().get());
        List<LevelMetricsRow> levels = new ArrayList<>();
        for (int level = 1; level <= result.evaluation().levels().size(); level++) {
            Evaluation figures = result.evaluation().levels().get(level - 1);
            levels.add(new LevelMetricsRow(
                    metricsId, level, figures.labels().size(), figures.macroF1(), figures.minF1(), figures.accuracy()));
        }
        metrics.recordHierarchy(
                metricsId,
                result.evaluation().hierarchicalF1(),
                levels,
                result.backOff().stream()
                        .map(point -> new BackOffRow(
                                metricsId,
                                point.minConfidence(),
                                point.answered(),
                                point.leafAnswered(),
                                point.accuracy()))
                        .toList());
        return result;
    }
}
