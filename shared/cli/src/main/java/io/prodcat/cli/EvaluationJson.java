package io.prodcat.cli;

import io.prodcat.evaluation.Evaluation;
import java.util.LinkedHashMap;
import java.util.Map;

/** The quality figures as the command line prints them (snake_case keys, per class by label). */
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
}
