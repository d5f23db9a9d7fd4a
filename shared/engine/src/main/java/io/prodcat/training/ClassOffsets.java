package io.prodcat.training;

import io.prodcat.evaluation.Evaluation;
import java.util.List;
import java.util.TreeSet;

/**
 * Per-class additive score offsets chosen by coordinate ascent on validation macro-F1. One-vs-rest
 * scores of rare classes run low on unseen text; a small offset lets such a class win where it is the
 * likely answer, which is where macro-F1 and the worst class's F1 gain. Offsets are bounded by
 * {@link #MAX_OFFSET} so a handful of validation rows cannot push a class everywhere.
 */
final class ClassOffsets {

    static final double MAX_OFFSET = 0.5;
    private static final int SWEEPS = 2;
    private static final int CANDIDATES_PER_SIDE = 24;

    private ClassOffsets() {}

    static double[] tune(double[][] scores, int[] truth, List<String> labels) {
        int classes = labels.size();
        double[] offsets = new double[classes];
        double best = macroF1(scores, truth, offsets, labels);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean improved = false;
            for (int c = 0; c < classes; c++) {
                double original = offsets[c];
                double bestOffset = original;
                for (double candidate : candidates(scores, truth, offsets, c)) {
                    offsets[c] = candidate;
                    double f1 = macroF1(scores, truth, offsets, labels);
                    if (f1 > best + 1e-9) {
                        best = f1;
                        bestOffset = candidate;
                        improved = true;
                    }
                }
                offsets[c] = bestOffset;
            }
            if (!improved) {
                break;
            }
        }
        return offsets;
    }

    /** Offsets for class c at which some row changes its prediction to or away from c. */
    private static double[] candidates(double[][] scores, int[] truth, double[] offsets, int c) {
        TreeSet<Double> raise = new TreeSet<>();
        TreeSet<Double> lower = new TreeSet<>();
        for (int i = 0; i < scores.length; i++) {
            double bestOther = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < offsets.length; o++) {
                if (o != c) {
                    bestOther = Math.max(bestOther, scores[i][o] + offsets[o]);
                }
            }
            double needed = bestOther - scores[i][c] + 1e-6; // c wins from this offset on
            if (truth[i] == c && needed > offsets[c] && needed <= MAX_OFFSET) {
                raise.add(needed);
            } else if (truth[i] != c && needed <= offsets[c] && needed - 2e-6 >= -MAX_OFFSET) {
                lower.add(needed - 2e-6);
            }
        }
        return java.util.stream.Stream.concat(
                        raise.stream().limit(CANDIDATES_PER_SIDE),
                        lower.descendingSet().stream().limit(CANDIDATES_PER_SIDE))
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    static int[] predict(double[][] scores, double[] offsets) {
        int[] predicted = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int c = 1; c < offsets.length; c++) {
                if (scores[i][c] + offsets[c] > scores[i][best] + offsets[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    private static double macroF1(double[][] scores, int[] truth, double[] offsets, List<String> labels) {
        return Evaluation.of(labels, truth, predict(scores, offsets)).macroF1();
    }
}
