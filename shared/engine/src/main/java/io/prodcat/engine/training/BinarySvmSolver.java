package io.prodcat.engine.training;

import io.prodcat.engine.features.SparseMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dual coordinate descent for the L2-regularised, L2-loss linear SVM (Hsieh et al., ICML 2008; the
 * algorithm of LIBLINEAR's {@code L2R_L2LOSS_SVC_DUAL}), with LIBLINEAR's shrinking heuristic, on the CSR
 * arrays directly. The bias is an extra feature of constant value 1 (regularised, as in LIBLINEAR).
 *
 * <p>A worker's buffers (dense weights and duals), reused for one binary problem after another: {@link #load}
 * a class's {@link DualSolution} (zero to start), {@link #solve}, read {@link #weights()} while they are here, and
 * keep {@link #solution()}. For the L2 loss the duals have no upper bound, so any earlier solution is a feasible
 * start: a larger cost continues from the solution of a smaller one. Not thread-safe: one per worker thread.
 */
final class BinarySvmSolver {

    private final SparseMatrix x;
    private final int[] truth; // class of each matrix row
    private final double[] squaredNorm; // of each matrix row, bias feature included
    private final double[] alpha; // by matrix row
    private final byte[] membership; // by matrix row: OUT, IN or SAMPLED in the loaded problem
    private final int[] index;
    private final float[] weights; // columnCount weights, then the bias (float: half the memory traffic)
    private int positiveClass = -1;
    private final int[] rows; // the loaded problem's matrix rows: the first {@code size}
    private int size;
    private double sampleWeight = 1;
    private static final byte OUT = 0;
    private static final byte IN = 1;
    private static final byte SAMPLED = 2;

    /**
     * @param squaredNorm each row's squared norm, bias feature included ({@link #squaredNorms}); shared by every
     *                    worker
     */
    BinarySvmSolver(SparseMatrix x, int[] truth, double[] squaredNorm) {
        if (squaredNorm.length != x.rowCount() || truth.length != x.rowCount()) {
            throw new IllegalArgumentException(
                    squaredNorm.length + " norms and " + truth.length + " classes for " + x.rowCount() + " rows");
        }
        this.x = x;
        this.truth = truth;
        this.squaredNorm = squaredNorm;
        this.alpha = new double[x.rowCount()];
        this.membership = new byte[x.rowCount()];
        this.rows = new int[x.rowCount()];
        this.index = new int[x.rowCount()];
        this.weights = new float[x.columnCount() + 1];
    }

    /** Each row's squared norm with the bias feature (value 1) included. */
    static double[] squaredNorms(SparseMatrix x) {
        double[] squaredNorm = new double[x.rowCount()];
        for (int row = 0; row < squaredNorm.length; row++) {
            double sum = 1.0; // the bias feature
            for (int e = x.rowStart()[row]; e < x.rowStart()[row + 1]; e++) {
                sum += (double) x.values()[e] * x.values()[e];
            }
            squaredNorm[row] = sum;
        }
        return squaredNorm;
    }

    /**
     * Sets up class {@code positiveClass} against the others over the first {@code count} of {@code rows} and
     * {@code sampled} (matrix rows, disjoint), starting from {@code start}; rebuilds the weights from its duals. A support vector in neither is
     * left out.
     *
     * @param sampled      a sample of other rows, each standing for {@code sampleWeight} rows: its cost is
     *                     multiplied by that
     */
    void load(int positiveClass, int[] rows, int count, int[] sampled, double sampleWeight, DualSolution start) {
        clearWeights();
        for (int k = 0; k < size; k++) {
            alpha[this.rows[k]] = 0;
            membership[this.rows[k]] = OUT;
        }
        this.positiveClass = positiveClass;
        size = count + sampled.length;
        System.arraycopy(rows, 0, this.rows, 0, count);
        System.arraycopy(sampled, 0, this.rows, count, sampled.length);
        for (int k = 0; k < count; k++) {
            membership[rows[k]] = IN;
        }
        for (int row : sampled) {
            membership[row] = SAMPLED;
        }
        this.sampleWeight = sampleWeight;
        for (int s = 0; s < start.rows().length; s++) {
            int row = start.rows()[s];
            if (membership[row] != OUT) {
                alpha[row] = start.alpha()[s];
                add(alpha[row] * label(row), row);
            }
        }
    }

    /**
     * Minimises until the projected-gradient spread is at most {@code tolerance} or {@code maxEpochs} passes.
     *
     * @param positiveCost cost C of a positive row (C times the class weight)
     * @param negativeCost cost C of a negative row
     * @param random       the order of coordinates
     * @return the number of passes made
     */
    int solve(double positiveCost, double negativeCost, double tolerance, int maxEpochs, SplittableRandom random) {
        if (positiveClass < 0) {
            throw new IllegalStateException("load a problem first");
        }
        int l = size;
        double positiveDiagonal = 0.5 / positiveCost;
        double negativeDiagonal = 0.5 / negativeCost;
        double sampledPositiveDiagonal = positiveDiagonal / sampleWeight;
        double sampledNegativeDiagonal = negativeDiagonal / sampleWeight;
        for (int i = 0; i < l; i++) {
            index[i] = i;
        }
        int active = l;
        double maxOld = Double.POSITIVE_INFINITY;
        int epoch = 0;
        while (epoch < maxEpochs) {
            double maxNew = Double.NEGATIVE_INFINITY;
            double minNew = Double.POSITIVE_INFINITY;
            for (int s = 0; s < active; s++) {
                int j = s + random.nextInt(active - s);
                int swap = index[s];
                index[s] = index[j];
                index[j] = swap;
            }
            for (int s = 0; s < active; s++) {
                int position = index[s];
                int i = rows[position];
                boolean positive = truth[i] == positiveClass;
                double y = positive ? 1 : -1;
                double diagonal = membership[i] == IN
                        ? (positive ? positiveDiagonal : negativeDiagonal)
                        : (positive ? sampledPositiveDiagonal : sampledNegativeDiagonal);
                double gradient = y * dot(i) - 1 + alpha[i] * diagonal;
                double projected = gradient;
                if (alpha[i] == 0) {
                    if (gradient > maxOld) {
                        active--;
                        index[s] = index[active];
                        index[active] = position;
                        s--;
                        continue;
                    }
                    projected = Math.min(gradient, 0);
                }
                maxNew = Math.max(maxNew, projected);
                minNew = Math.min(minNew, projected);
                if (Math.abs(projected) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.max(old - gradient / (squaredNorm[i] + diagonal), 0);
                    add((alpha[i] - old) * y, i);
                }
            }
            epoch++;
            if (maxNew - minNew <= tolerance) {
                if (active == l) {
                    break;
                }
                active = l;
                maxOld = Double.POSITIVE_INFINITY;
                continue;
            }
            // duals have no upper bound under the L2 loss, so only the lower-bound shrinking applies
            maxOld = maxNew <= 0 ? Double.POSITIVE_INFINITY : maxNew;
        }
        return epoch;
    }

    /**
     * Zeroes the weights the loaded problem can have set: through its rows' columns when they are fewer than all
     * columns (a small problem among many columns), else all of them.
     */
    private void clearWeights() {
        long entries = 0;
        for (int k = 0; k < size; k++) {
            entries += x.rowStart()[rows[k] + 1] - x.rowStart()[rows[k]];
        }
        if (entries >= weights.length) {
            Arrays.fill(weights, 0);
            return;
        }
        for (int k = 0; k < size; k++) {
            for (int e = x.rowStart()[rows[k]]; e < x.rowStart()[rows[k] + 1]; e++) {
                weights[x.columns()[e]] = 0;
            }
        }
        weights[weights.length - 1] = 0;
    }

    /** The loaded problem's solution: its support vectors and their duals (as floats, from which it reloads). */
    DualSolution solution() {
        int count = 0;
        for (int k = 0; k < size; k++) {
            if ((float) alpha[rows[k]] > 0) {
                count++;
            }
        }
        int[] support = new int[count];
        float[] values = new float[count];
        int next = 0;
        for (int k = 0; k < size; k++) {
            if ((float) alpha[rows[k]] > 0) {
                support[next] = rows[k];
                values[next++] = (float) alpha[rows[k]];
            }
        }
        return new DualSolution(support, values);
    }

    /** The loaded problem's matrix rows (the first {@link #problemSize}); a live view, valid until the next load. */
    int[] problemRows() {
        return rows;
    }

    int problemSize() {
        return size;
    }

    /** Weights per column followed by the bias; a live view of this worker's buffer, valid until the next load. */
    float[] weights() {
        return weights;
    }

    private double label(int row) {
        return truth[row] == positiveClass ? 1 : -1;
    }

    private double dot(int row) {
        float sum = weights[weights.length - 1];
        int[] columns = x.columns();
        float[] values = x.values();
        for (int e = x.rowStart()[row]; e < x.rowStart()[row + 1]; e++) {
            sum += weights[columns[e]] * values[e];
        }
        return sum;
    }

    private void add(double scale, int row) {
        int[] columns = x.columns();
        float[] values = x.values();
        float step = (float) scale;
        for (int e = x.rowStart()[row]; e < x.rowStart()[row + 1]; e++) {
            weights[columns[e]] += step * values[e];
        }
        weights[weights.length - 1] += step;
    }
}
