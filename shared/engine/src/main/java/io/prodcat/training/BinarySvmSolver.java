package io.prodcat.training;

import io.prodcat.features.SparseMatrix;
import java.util.SplittableRandom;

/**
 * Dual coordinate descent for the L2-regularised, L2-loss linear SVM (Hsieh et al., ICML 2008; the
 * algorithm of LIBLINEAR's {@code L2R_L2LOSS_SVC_DUAL}), with LIBLINEAR's shrinking heuristic, on the CSR
 * arrays directly. The bias is an extra feature of constant value 1 (regularised, as in LIBLINEAR).
 *
 * <p>State (dual variables and weights) survives between {@link #solve} calls, so a larger cost continues
 * from the solution of a smaller one: for the L2 loss the duals have no upper bound, every previous
 * solution is feasible and the weights stay consistent with them. One instance per binary problem; not
 * thread-safe.
 */
final class BinarySvmSolver {

    private final SparseMatrix x;
    private final int[] rows; // which matrix rows take part
    private final boolean[] positive; // label of each participating row
    private final double[] squaredNorm;
    private final double[] alpha;
    private final float[] weights; // columnCount weights, then the bias (float: half the memory traffic)
    private final SplittableRandom random;

    /**
     * @param squaredNorm each participating row's squared norm, bias feature included ({@link #squaredNorms}); the
     *                    same for every class, so one array serves all the solvers of a row set
     */
    BinarySvmSolver(SparseMatrix x, int[] rows, double[] squaredNorm, boolean[] positive, long seed) {
        if (squaredNorm.length != rows.length) {
            throw new IllegalArgumentException(squaredNorm.length + " norms for " + rows.length + " rows");
        }
        this.x = x;
        this.rows = rows;
        this.positive = positive;
        this.squaredNorm = squaredNorm;
        this.alpha = new double[rows.length];
        this.weights = new float[x.columnCount() + 1];
        this.random = new SplittableRandom(seed);
    }

    private BinarySvmSolver(BinarySvmSolver original) {
        this.x = original.x;
        this.rows = original.rows;
        this.positive = original.positive;
        this.squaredNorm = original.squaredNorm;
        this.alpha = original.alpha.clone();
        this.weights = original.weights.clone();
        this.random = original.random.split();
    }

    /** Each row's squared norm with the bias feature (value 1) included. */
    static double[] squaredNorms(SparseMatrix x, int[] rows) {
        double[] squaredNorm = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double sum = 1.0; // the bias feature
            for (int e = x.rowStart()[rows[i]]; e < x.rowStart()[rows[i] + 1]; e++) {
                sum += (double) x.values()[e] * x.values()[e];
            }
            squaredNorm[i] = sum;
        }
        return squaredNorm;
    }

    /** An independent copy of the current solution (a checkpoint to come back to). */
    BinarySvmSolver copy() {
        return new BinarySvmSolver(this);
    }

    /** A solver for more rows, starting from this one's solution (new rows start at zero). */
    BinarySvmSolver extendedTo(int[] allRows, double[] allSquaredNorms, boolean[] allPositive, long seed) {
        BinarySvmSolver wider = new BinarySvmSolver(x, allRows, allSquaredNorms, allPositive, seed);
        java.util.Map<Integer, Integer> known = new java.util.HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            known.put(rows[i], i);
        }
        for (int i = 0; i < allRows.length; i++) {
            Integer before = known.get(allRows[i]);
            if (before != null) {
                wider.alpha[i] = alpha[before];
            }
        }
        System.arraycopy(weights, 0, wider.weights, 0, weights.length);
        return wider;
    }

    /**
     * Minimises until the projected-gradient spread is at most {@code tolerance} or {@code maxEpochs} passes.
     *
     * @param positiveCost cost C of a positive row (C times the class weight)
     * @param negativeCost cost C of a negative row
     * @return the number of passes made
     */
    int solve(double positiveCost, double negativeCost, double tolerance, int maxEpochs) {
        int l = rows.length;
        double positiveDiagonal = 0.5 / positiveCost;
        double negativeDiagonal = 0.5 / negativeCost;
        int[] index = new int[l];
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
                int i = index[s];
                double y = positive[i] ? 1 : -1;
                double diagonal = positive[i] ? positiveDiagonal : negativeDiagonal;
                double gradient = y * dot(rows[i]) - 1 + alpha[i] * diagonal;
                double projected = gradient;
                if (alpha[i] == 0) {
                    if (gradient > maxOld) {
                        active--;
                        index[s] = index[active];
                        index[active] = i;
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
                    add((alpha[i] - old) * y, rows[i]);
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

    /** Weights per column followed by the bias; a live view, do not modify. */
    float[] weights() {
        return weights;
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
