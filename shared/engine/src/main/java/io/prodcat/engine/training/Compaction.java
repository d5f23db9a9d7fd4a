package io.prodcat.engine.training;

import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.model.SparseWeights;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Decides, class by class, which weights the model keeps. A weight is a candidate to drop when its largest effect on
 * a training row's score, |weight| × its column's largest value, is small; the class's threshold is the largest of
 * {@link #PRUNE_BELOW}, that over √2, over 2 … (down to a 32nd, then none) at which the dropped weights <em>together</em> move the
 * class's score on no row of its problem (the rows it was solved on: every row, or with negative sampling its parent
 * node's rows and its sample) by more than the tolerance. Dropped weights add up: one threshold for every class
 * dropped most of a rare class's many small weights (few rows, long titles) and silenced it, while frequent classes,
 * whose weights are larger, kept theirs. Thread-safe: classes are compacted on the solver's worker threads.
 */
final class Compaction {

    /** The highest threshold on |weight| × column maximum a class is tried at. */
    static final float PRUNE_BELOW = 0.006f;
    /** Thresholds tried: PRUNE_BELOW / √2^m for m below this, then 0 (every non-zero weight kept). */
    static final int LEVELS = 12;

    private final double tolerance;
    private final SparseMatrix matrix;
    private final float[] columnMaxima;
    private final AtomicIntegerArray classesPerLevel = new AtomicIntegerArray(LEVELS);

    /**
     * @param matrix the rows the weights were fitted on
     * @param tolerance the most the dropped weights of a class may move its score on any row of its problem
     */
    Compaction(SparseMatrix matrix, double tolerance) {
        this.tolerance = tolerance;
        this.matrix = matrix;
        this.columnMaxima = matrix.columnMaxima();
    }

    /**
     * One class's dense weights (one per column) in the model's compact form, at the class's own threshold.
     *
     * @param rows the matrix rows of the class's problem: the first {@code rowCount} are checked
     */
    SparseWeights.ClassWeights compact(float[] dense, int[] rows, int rowCount) {
        int level = level(dense, rows, rowCount);
        classesPerLevel.incrementAndGet(level);
        return SparseWeights.compactClass(dense, columnMaxima, threshold(level));
    }

    private static final float[] THRESHOLDS = new float[LEVELS];

    static {
        for (int level = 0; level < LEVELS - 1; level++) {
            THRESHOLDS[level] = (float) (PRUNE_BELOW / Math.pow(Math.sqrt(2), level));
        }
    }

    /** The threshold of a level: PRUNE_BELOW / √2^level, 0 for the last. */
    static float threshold(int level) {
        return THRESHOLDS[level];
    }

    /** The thresholds tried, highest first, as the training log shows them. */
    static String ladder() {
        return java.util.Arrays.toString(THRESHOLDS);
    }

    /** How many classes were compacted at each level so far (index 0: at {@link #PRUNE_BELOW}). */
    int[] classesPerLevel() {
        int[] counts = new int[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            counts[level] = classesPerLevel.get(level);
        }
        return counts;
    }

    /** The lowest level whose dropped weights move no checked row's score by more than the tolerance. */
    private int level(float[] dense, int[] rows, int rowCount) {
        int[] rowStart = matrix.rowStart();
        int[] columns = matrix.columns();
        float[] values = matrix.values();
        float[] sums = new float[LEVELS]; // this row's score carried by the weights last dropped at each level
        double[] worst = new double[LEVELS];
        for (int k = 0; k < rowCount; k++) {
            int row = rows[k];
            boolean touched = false;
            for (int e = rowStart[row]; e < rowStart[row + 1]; e++) {
                float weight = dense[columns[e]];
                if (weight == 0) {
                    continue;
                }
                int droppedUpTo = lastLevelDropping(Math.abs(weight) * columnMaxima[columns[e]]);
                if (droppedUpTo >= 0) {
                    sums[droppedUpTo] += weight * values[e];
                    touched = true;
                }
            }
            if (!touched) {
                continue;
            }
            double moved = 0; // at level m, every weight whose last dropping level is m or later is dropped
            for (int level = LEVELS - 2; level >= 0; level--) {
                moved += sums[level];
                sums[level] = 0;
                worst[level] = Math.max(worst[level], Math.abs(moved));
            }
        }
        for (int level = 0; level < LEVELS - 1; level++) {
            if (worst[level] <= tolerance) {
                return level;
            }
        }
        return LEVELS - 1;
    }

    /** The last level at whose threshold a weight of this effect is dropped (-1: kept at every level). */
    private static int lastLevelDropping(float effect) {
        int level = -1;
        while (level + 1 < LEVELS - 1 && effect < threshold(level + 1)) {
            level++;
        }
        return level;
    }
}
