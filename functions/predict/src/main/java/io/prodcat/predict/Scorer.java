package io.prodcat.predict;

import io.prodcat.model.LinearClassifier;
import io.prodcat.model.ScoredLabel;
import io.prodcat.taxonomy.Taxonomy;
import java.util.List;

/**
 * Scores one text with a model and accounts for the answer (serving metrics, prediction log): the one way every API
 * of predict ({@code /predict}, the Open Inference Protocol) gets an answer.
 */
final class Scorer {

    private final ServingMetrics metrics;
    private final PredictionLog predictionLog;

    Scorer(ServingMetrics metrics, PredictionLog predictionLog) {
        this.metrics = metrics;
        this.predictionLog = predictionLog;
    }

    /** One text's answer: the {@code k} best labels and, for a label tree, the answer's path level by level. */
    record Scored(double[] probabilities, List<ScoredLabel> top, List<Taxonomy.Level> levels) {

        ScoredLabel answer() {
            return top.get(0);
        }
    }

    Scored score(LoadedModel model, String text, int k) {
        LinearClassifier classifier = model.classifier();
        double[] probabilities = classifier.probabilities(text);
        Scored scored = new Scored(probabilities, classifier.top(probabilities, k), classifier.levels(probabilities));
        ScoredLabel answer = scored.answer();
        Taxonomy.Level topLevel = scored.levels().size() > 1 ? scored.levels().get(0) : null;
        String topLabel = topLevel == null ? null : topLevel.node();
        metrics.answered(model, answer.label(), topLabel, answer.probability());
        predictionLog.record(
                model.version(),
                text,
                answer.label(),
                answer.probability(),
                topLabel,
                topLevel == null ? null : topLevel.probability());
        return scored;
    }
}
