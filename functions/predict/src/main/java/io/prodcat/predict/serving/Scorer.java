package io.prodcat.predict.serving;

import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ScoredLabel;
import io.prodcat.engine.taxonomy.Taxonomy;
import io.prodcat.predict.log.PredictionLog;
import java.util.List;

/**
 * Scores one text with a model and accounts for the answer (serving metrics, prediction log): the one way every API
 * of predict ({@code /predict}, the Open Inference Protocol) gets an answer.
 */
public class Scorer {

    private final ServingMetrics metrics;
    private final PredictionLog predictionLog;

    public Scorer(ServingMetrics metrics, PredictionLog predictionLog) {
        this.metrics = metrics;
        this.predictionLog = predictionLog;
    }

    /** One text's answer: the {@code k} best labels and, for a label tree, the answer's path level by level. */
    public record Scored(double[] probabilities, List<ScoredLabel> top, List<Taxonomy.Level> levels) {

        public ScoredLabel answer() {
            return top.get(0);
        }
    }

    public Scored score(LoadedModel model, String text, int k) {
        Scored scored = scoreOnly(model, text, k);
        Taxonomy.Level topLevel = topLevel(scored);
        metrics.answered(
                model,
                scored.answer().label(),
                topLevel == null ? null : topLevel.node(),
                scored.answer().probability());
        log(model, text, scored);
        return scored;
    }

    /** One text's answer, not counted as served (a shadow scoring, or the champion's view of a canary answer). */
    public Scored scoreOnly(LoadedModel model, String text, int k) {
        LinearClassifier classifier = model.classifier();
        double[] probabilities = classifier.probabilities(text);
        return new Scored(probabilities, classifier.top(probabilities, k), classifier.levels(probabilities));
    }

    /** Offers the answer to the prediction log under the model's version. */
    public void log(LoadedModel model, String text, Scored scored) {
        ScoredLabel answer = scored.answer();
        Taxonomy.Level topLevel = topLevel(scored);
        predictionLog.record(
                model.version(),
                text,
                answer.label(),
                answer.probability(),
                topLevel == null ? null : topLevel.node(),
                topLevel == null ? null : topLevel.probability());
    }

    private static Taxonomy.Level topLevel(Scored scored) {
        return scored.levels().size() > 1 ? scored.levels().get(0) : null;
    }
}
