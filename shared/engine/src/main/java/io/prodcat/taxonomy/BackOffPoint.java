package io.prodcat.taxonomy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What back-off ({@link Taxonomy#backOff}) does at one confidence threshold, over rows with known leaves.
 *
 * @param minConfidence the threshold
 * @param answered      share of rows answered at some level (level 1 at least reached it)
 * @param leafAnswered  share of rows answered with a leaf
 * @param accuracy      share of answered rows whose answer lies on the true path (a right ancestor counts as right)
 */
public record BackOffPoint(double minConfidence, double answered, double leafAnswered, double accuracy) {

    /**
     * @param truth             true leaf of each row
     * @param leafProbabilities each row's probability per leaf, in {@code taxonomy.leaves()} order
     */
    public static List<BackOffPoint> curve(
            Taxonomy taxonomy, int[] truth, double[][] leafProbabilities, List<Double> thresholds) {
        Set<String> leaves = new HashSet<>(taxonomy.leaves());
        List<BackOffPoint> points = new ArrayList<>();
        for (double threshold : thresholds) {
            int answered = 0;
            int leafAnswered = 0;
            int right = 0;
            for (int i = 0; i < truth.length; i++) {
                Taxonomy.BackedOff answer = taxonomy.backOff(leafProbabilities[i], threshold);
                if (answer.level() == 0) {
                    continue;
                }
                answered++;
                leafAnswered += leaves.contains(answer.path()) ? 1 : 0;
                right += taxonomy.path(truth[i]).contains(answer.path()) ? 1 : 0;
            }
            int rows = Math.max(1, truth.length);
            points.add(new BackOffPoint(
                    threshold,
                    (double) answered / rows,
                    (double) leafAnswered / rows,
                    answered == 0 ? 0 : (double) right / answered));
        }
        return List.copyOf(points);
    }
}
