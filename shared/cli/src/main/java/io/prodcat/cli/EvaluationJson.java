package io.prodcat.cli;

import io.prodcat.engine.evaluation.BackOffPoint;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.HierarchicalEvaluation;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The quality figures as the command line prints them (snake_case keys, per class by label, per tree level). */
final class EvaluationJson {

    private EvaluationJson() {}

    static Map<String, Object> figures(Evaluation evaluation) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", evaluation.sampleCount());
        figures.put("accuracy", evaluation.accuracy());
        figures.put("macro_f1", evaluation.macroF1());
        figures.put("weighted_f1", evaluation.weightedF1());
        figures.put("min_f1", evaluation.minF1());
        figures.put("worst_class", evaluation.worstClass().label());
        Map<String, Object> perClass = new LinkedHashMap<>();
        evaluation
                .perClass()
                .forEach(metrics -> perClass.put(
                        metrics.label(),
                        Map.of(
                                "precision",
                                metrics.precision(),
                                "recall",
                                metrics.recall(),
                                "f1",
                                metrics.f1(),
                                "support",
                                metrics.support())));
        figures.put("per_class", perClass);
        return figures;
    }

    /** Figures per level of a category tree, hierarchical F1 and the back-off trade-off. */
    static Map<String, Object> hierarchy(HierarchicalEvaluator.Result result, String separator) {
        HierarchicalEvaluation evaluation = result.evaluation();
        Map<String, Object> hierarchy = new LinkedHashMap<>();
        hierarchy.put("separator", separator);
        hierarchy.put("depth", evaluation.levels().size());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int level = 0; level < evaluation.levels().size(); level++) {
            Evaluation figures = evaluation.levels().get(level);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("level", level + 1);
            row.put("classes", figures.labels().size());
            row.put("accuracy", figures.accuracy());
            row.put("macro_f1", figures.macroF1());
            row.put("min_f1", figures.minF1());
            row.put("worst_class", figures.worstClass().label());
            levels.add(row);
        }
        hierarchy.put("levels", levels);
        hierarchy.put("hierarchical_precision", evaluation.hierarchicalPrecision());
        hierarchy.put("hierarchical_recall", evaluation.hierarchicalRecall());
        hierarchy.put("hierarchical_f1", evaluation.hierarchicalF1());
        List<Map<String, Object>> backOff = new ArrayList<>();
        for (BackOffPoint point : result.backOff()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("min_confidence", point.minConfidence());
            row.put("answered", point.answered());
            row.put("leaf_answered", point.leafAnswered());
            row.put("accuracy", point.accuracy());
            backOff.add(row);
        }
        hierarchy.put("back_off", backOff);
        return hierarchy;
    }
}
