package io.prodcat.engine.training;

import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.model.SparseWeights;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Decides, class by class, which weights the model keeps. A weight is a candidate to drop when its largest effect on
 * a training row's score, |weight| × its column's largest value, is small; the class's threshold is the largest of
 * {@link #PRUNE_BELOW}, that over √2, over 2 … (down to a 32nd, then none) at which the dropped weights <em>together</em> move the
 * class's score on no training row by more than the tolerance. Dropped weights add up: one threshold for every class
 * dropped most of a rare class's many small weights (few rows, long titles) and silenced it, while frequent classes,
 * whose weights are larger, kept theirs. Thread-safe: classes are compacted on the solver's worker threads.
 */
final class Compaction {

    /** The highest threshold on |weight| × column maximum a class is tried at. */
    static final float PRUNE_BELOW = 0.006f;
    /** Thresholds tried: PRUNE_BELOW / √2^m for m below this, then 0 (every non-zero weight kept). */
    static final int LEVELS = 12;

    private final double tolerance;
    private final float[] columnMaxima;
    private final SparseMatrix byColumn; // the rows transposed: row j of it is column j's (row, value) entries
    private final ThreadLocal<Scratch> scratch;
    private final AtomicIntegerArray classesPerLevel = new AtomicIntegerArray(LEVELS);

    /**
     * @param matrix the rows the weights were fitted on
     * @param tolerance the most the dropped weights of a class may move its score on any of those rows
     */
    Compaction(SparseMatrix matrix, double tolerance) {
        this.tolerance = tolerance;
        this.columnMaxima = matrix.columnMaxima();
        this.byColumn = matrix.transposed();
        int rows = matrix.rowCount();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(rows));
    }

    /** One class's dense weights (one per column) in the model's compact form, at the class's own threshold. */
    SparseWeights.ClassWeights compact(float[] dense) {
        int level = level(dense);
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

    /** The lowest level whose dropped weights move no row's score by more than the tolerance. */
    private int level(float[] dense) {
        Scratch work = scratch.get();
        // per row, the score the weights first dropped at each level carry: sums[row * LEVELS + level]
        for (int column = 0; column < columnMaxima.length; column++) {
            float weight = dense[column];
            if (weight == 0) {
                continue;
            }
            int droppedUpTo = lastLevelDropping(Math.abs(weight) * columnMaxima[column]);
            if (droppedUpTo < 0) {
                continue;
            }
            for (int e = byColumn.rowStart()[column]; e < byColumn.rowStart()[column + 1]; e++) {
                work.add(byColumn.columns()[e], droppedUpTo, weight * byColumn.values()[e]);
            }
        }
        double[] worst = new double[LEVELS];
        for (int t = 0; t < work.touched; t++) {
            int base = work.touchedRows[t] * LEVELS;
            double moved = 0; // at level m, every weight whose last dropping level is m or later is dropped
            for (int level = LEVELS - 2; level >= 0; level--) {
                moved += work.sums[base + level];
                worst[level] = Math.max(worst[level], Math.abs(moved));
            }
        }
        work.clear();
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

    /** A worker thread's per-row sums, cleared after each class (only the rows it touched). */
    private static final class Scratch {
        final float[] sums;
        final int[] touchedRows;
        final boolean[] isTouched;
        int touched;

        Scratch(int rows) {
            sums = new float[rows * LEVELS];
            touchedRows = new int[rows];
            isTouched = new boolean[rows];
        }

        void add(int row, int level, float value) {
            if (!isTouched[row]) {
                isTouched[row] = true;
                touchedRows[touched++] = row;
            }
            sums[row * LEVELS + level] += value;
        }

        void clear() {
            for (int t = 0; t < touched; t++) {
                int row = touchedRows[t];
                isTouched[row] = false;
                java.util.Arrays.fill(sums, row * LEVELS, (row + 1) * LEVELS, 0);
            }
            touched = 0;
        }
    }
}
