package io.prodcat.training;

import io.prodcat.features.SparseMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One binary SVM per class (its rows against all others), solved in parallel a class at a time. Rows [0,
 * trainCount) are for fitting, the rest for validation. Class c's positive rows cost C · (n / (k · n_c))^power,
 * negative rows cost C, as LIBLINEAR weighs classes.
 *
 * <p>Memory: each worker thread has one set of dense buffers (a weight per column, a dual per row); between
 * solves a class is only its support vectors ({@link DualSolution}), and callers take what they need of its
 * weights (validation scores, compact model weights) while they are dense. So nothing is sized classes × columns.
 */
final class OneVsRest {

    /** What to take from a class's weights (columns, then the bias) while they are in a worker's buffer. */
    @FunctionalInterface
    interface WeightsUse {
        void accept(int c, float[] weights);
    }

    private final SparseMatrix matrix;
    private final int[] truth;
    private final int classes;
    private final int trainCount;
    private final Hyperparameters hyperparameters;
    private final ExecutorService pool;
    private final ThreadLocal<BinarySvmSolver> workers;
    private int solveCalls;

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
        double[] squaredNorms = BinarySvmSolver.squaredNorms(matrix);
        this.workers = ThreadLocal.withInitial(() -> new BinarySvmSolver(matrix, truth, squaredNorms));
    }

    /** Every class at zero: where the cost path starts. */
    DualSolution[] start() {
        DualSolution[] solutions = new DualSolution[classes];
        Arrays.fill(solutions, DualSolution.ZERO);
        return solutions;
    }

    /**
     * Solves every class at this cost, each starting from (and replacing) its entry in {@code solutions}, on the
     * training rows or on all rows; hands each class's weights to {@code use}. Returns the most passes any class
     * needed.
     */
    int solve(DualSolution[] solutions, double cost, double classWeightPower, boolean allRows, WeightsUse use) {
        int rowCount = allRows ? rowCount() : trainCount;
        int[] counts = new int[classes];
        for (int i = 0; i < rowCount; i++) {
            counts[truth[i]]++;
        }
        long round = ++solveCalls; // each solve's coordinate order is its own, whichever thread runs it
        List<Future<Integer>> results = new ArrayList<>();
        // largest classes first: they take longest, and starting them early keeps every thread busy to the end
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(counts[b], counts[a]));
        for (int c : order) {
            double weight = counts[c] == 0 ? 1 : Math.pow((double) rowCount / (classes * counts[c]), classWeightPower);
            results.add(pool.submit(() -> {
                BinarySvmSolver worker = workers.get();
                worker.load(c, rowCount, solutions[c]);
                int epochs = worker.solve(
                        cost * weight,
                        cost,
                        hyperparameters.tolerance(),
                        hyperparameters.maxEpochs(),
                        new SplittableRandom(seed(c) * 31 + round));
                use.accept(c, worker.weights());
                solutions[c] = worker.solution();
                return epochs;
            }));
        }
        int epochs = 0;
        for (Future<Integer> result : results) {
            epochs = Math.max(epochs, join(result));
        }
        return epochs;
    }

    /** A use that scores the validation rows with each class's weights into {@code scores}. */
    WeightsUse scoreValidation(ValidationScores scores) {
        return (c, weights) -> {
            float bias = weights[weights.length - 1];
            float[] column = new float[rowCount() - trainCount];
            for (int row = trainCount; row < rowCount(); row++) {
                double sum = bias;
                for (int e = matrix.rowStart()[row]; e < matrix.rowStart()[row + 1]; e++) {
                    sum += weights[matrix.columns()[e]] * matrix.values()[e];
                }
                column[row - trainCount] = (float) sum;
            }
            scores.add(c, column);
        };
    }

    ValidationScores newValidationScores() {
        return new ValidationScores(validationTruth(), classes);
    }

    int[] validationTruth() {
        return Arrays.copyOfRange(truth, trainCount, truth.length);
    }

    int rowCount() {
        return truth.length;
    }

    private long seed(int c) {
        return hyperparameters.seed() * 1_000_003L + c;
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
