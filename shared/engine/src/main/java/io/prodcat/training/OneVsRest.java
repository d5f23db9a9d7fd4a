package io.prodcat.training;

import io.prodcat.features.SparseMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One binary SVM per class (its rows against all others), solved in parallel. Rows [0, trainCount) are
 * for fitting, the rest for validation. Class c's positive rows cost C · (n / (k · n_c))^power, negative
 * rows cost C, as LIBLINEAR weighs classes.
 */
final class OneVsRest {

    private final SparseMatrix matrix;
    private final int[] truth;
    private final int classes;
    private final int trainCount;
    private final Hyperparameters hyperparameters;
    private final ExecutorService pool;

    OneVsRest(
            SparseMatrix matrix,
            int[] truth,
            int classes,
            int trainCount,
            Hyperparameters hyperparameters,
            ExecutorService pool) {
        this.matrix = matrix;
        this.truth = truth;
        this.classes = classes;
        this.trainCount = trainCount;
        this.hyperparameters = hyperparameters;
        this.pool = pool;
    }

    BinarySvmSolver[] newSolvers() {
        int[] rows = range(trainCount);
        double[] norms = BinarySvmSolver.squaredNorms(matrix, rows);
        BinarySvmSolver[] solvers = new BinarySvmSolver[classes];
        for (int c = 0; c < classes; c++) {
            solvers[c] = new BinarySvmSolver(matrix, rows, norms, positives(rows, c), seed(c));
        }
        return solvers;
    }

    BinarySvmSolver[] extendToAllRows(BinarySvmSolver[] solvers) {
        int[] rows = range(rowCount());
        double[] norms = BinarySvmSolver.squaredNorms(matrix, rows);
        BinarySvmSolver[] extended = new BinarySvmSolver[classes];
        for (int c = 0; c < classes; c++) {
            extended[c] = solvers[c].extendedTo(rows, norms, positives(rows, c), seed(c) + 1);
        }
        return extended;
    }

    static BinarySvmSolver[] copies(BinarySvmSolver[] solvers) {
        BinarySvmSolver[] copies = new BinarySvmSolver[solvers.length];
        for (int c = 0; c < solvers.length; c++) {
            copies[c] = solvers[c].copy();
        }
        return copies;
    }

    /** Solves every class at this cost; returns the most passes any class needed. */
    int solve(BinarySvmSolver[] solvers, double cost, double classWeightPower, boolean allRows) {
        int rowCount = allRows ? rowCount() : trainCount;
        int[] counts = new int[classes];
        for (int i = 0; i < rowCount; i++) {
            counts[truth[i]]++;
        }
        List<Future<Integer>> results = new ArrayList<>();
        // largest classes first: they take longest, and starting them early keeps every thread busy to the end
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(counts[b], counts[a]));
        for (int c : order) {
            double weight = counts[c] == 0 ? 1 : Math.pow((double) rowCount / (classes * counts[c]), classWeightPower);
            BinarySvmSolver solver = solvers[c];
            results.add(pool.submit(
                    () -> solver.solve(cost * weight, cost, hyperparameters.tolerance(), hyperparameters.maxEpochs())));
        }
        int epochs = 0;
        for (Future<Integer> result : results) {
            epochs = Math.max(epochs, join(result));
        }
        return epochs;
    }

    /** Scores of the validation rows: [row][class]. */
    double[][] validationScores(BinarySvmSolver[] solvers) {
        double[][] scores = new double[rowCount() - trainCount][classes];
        for (int c = 0; c < classes; c++) {
            float[] weights = solvers[c].weights();
            double bias = weights[weights.length - 1];
            for (int row = trainCount; row < rowCount(); row++) {
                double sum = bias;
                for (int e = matrix.rowStart()[row]; e < matrix.rowStart()[row + 1]; e++) {
                    sum += weights[matrix.columns()[e]] * matrix.values()[e];
                }
                scores[row - trainCount][c] = sum;
            }
        }
        return scores;
    }

    int[] validationTruth() {
        return java.util.Arrays.copyOfRange(truth, trainCount, truth.length);
    }

    int rowCount() {
        return truth.length;
    }

    private boolean[] positives(int[] rows, int c) {
        boolean[] positive = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            positive[i] = truth[rows[i]] == c;
        }
        return positive;
    }

    private long seed(int c) {
        return hyperparameters.seed() * 1_000_003L + c;
    }

    private static int[] range(int count) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private static int join(Future<Integer> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a class's solver failed: " + e.getCause(), e.getCause());
        }
    }
}
