package io.prodcat.engine.evaluation;

import io.prodcat.engine.taxonomy.Taxonomy;
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
        List<Tally> tallies =
                thresholds.stream().map(t -> new Tally(taxonomy, t)).toList();
        for (int i = 0; i < truth.length; i++) {
            for (Tally tally : tallies) {
                tally.add(truth[i], leafProbabilities[i]);
            }
        }
        return tallies.stream().map(Tally::point).toList();
    }

    /** Counts one threshold's answers row by row, so that no row's probabilities need to be kept. */
    public static final class Tally {
        private final Taxonomy taxonomy;
        private final double minConfidence;
        private final Set<String> leaves;
        private int rows;
        private int answered;
        private int leafAnswered;
        private int right;

        public Tally(Taxonomy taxonomy, double minConfidence) {
            this.taxonomy = taxonomy;
            this.minConfidence = minConfidence;
            this.leaves = new HashSet<>(taxonomy.leaves());
        }

        /** One row: its true leaf and its probability per leaf. */
        public void add(int truthLeaf, double[] leafProbabilities) {
            rows++;
            Taxonomy.BackedOff answer = taxonomy.backOff(leafProbabilities, minConfidence);
            if (answer.level() == 0) {
                return;
            }
            answered++;
            leafAnswered += leaves.contains(answer.path()) ? 1 : 0;
            right += taxonomy.path(truthLeaf).contains(answer.path()) ? 1 : 0;
        }

        public BackOffPoint point() {
            int all = Math.max(1, rows);
            return new BackOffPoint(
                    minConfidence,
                    (double) answered / all,
                    (double) leafAnswered / all,
                    answered == 0 ? 0 : (double) right / answered);
        }
    }
}
