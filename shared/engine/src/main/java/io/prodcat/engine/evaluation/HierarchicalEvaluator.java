package io.prodcat.engine.evaluation;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a classifier whose labels are paths, level by level, with the back-off trade-off at a few thresholds, in
 * one pass over the rows. A true label the model does not know becomes a leaf of its own (always wrong), as in
 * {@link io.prodcat.engine.evaluation.Evaluator}.
 */
public final class HierarchicalEvaluator {

    /** The thresholds the back-off trade-off is reported at. */
    public static final List<Double> THRESHOLDS = List.of(0.3, 0.5, 0.7, 0.9);

    private HierarchicalEvaluator() {}

    /** The figures, and the back-off points at {@link #THRESHOLDS}. */
    public record Result(HierarchicalEvaluation evaluation, List<BackOffPoint> backOff) {}

    /** @throws TaxonomyException when the model's and the rows' labels do not form a tree with {@code separator} */
    public static Result evaluate(LinearClassifier model, List<LabelledText> rows, String separator) {
        List<String> labels = new ArrayList<>(model.labels());
        int[] truth = Evaluator.truthIndices(labels, rows);
        Taxonomy taxonomy = Taxonomy.of(labels, separator);
        List<BackOffPoint.Tally> tallies = THRESHOLDS.stream()
                .map(t -> new BackOffPoint.Tally(taxonomy, t))
                .toList();
        int[] predicted = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] probabilities =
                    Arrays.copyOf(model.probabilities(rows.get(i).text()), labels.size());
            predicted[i] = argmax(probabilities);
            for (BackOffPoint.Tally tally : tallies) {
                tally.add(truth[i], probabilities);
            }
        }
        return new Result(
                HierarchicalEvaluation.of(taxonomy, truth, predicted),
                tallies.stream().map(BackOffPoint.Tally::point).toList());
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
