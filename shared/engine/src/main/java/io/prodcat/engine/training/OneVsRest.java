package io.prodcat.engine.training;

import io.prodcat.engine.features.SparseMatrix;
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
 * <p>With labels that are paths and {@link Hyperparameters#effectiveNegativeSample} above 0, class c's problem is the rows
 * under its parent node (its siblings: the negatives that are hard to tell apart) and a sample of the rest, each
 * sampled row standing for its share of them (its cost multiplied): the work per class follows its part of the tree
 * plus the sample, not all rows. The sample is chosen by the rows' texts ({@link NegativeWindows}).
 *
 * <p>Memory: each worker thread has one set of dense buffers (a weight per column, a dual per row); between
 * solves a class is only its support vectors ({@link DualSolution}), and callers take what they need of its
 * weights (validation scores, compact model weights) while they are dense. So nothing is sized classes × columns.
 */
final class OneVsRest {

    /**
     * What to take from a class's weights (columns, then the bias) while they are in a worker's buffer; {@code rows}:
     * the matrix rows of the class's problem, the first {@code rowCount}.
     */
    @FunctionalInterface
    interface WeightsUse {
        void accept(int c, float[] weights, int[] rows, int rowCount);
    }

    private final SparseMatrix matrix;
    private final int[] truth;
    private final int classes;
    private final int trainCount;
    private final Hyperparameters hyperparameters;
    private final ExecutorService pool;
    private final ThreadLocal<BinarySvmSolver> workers;
    private final int[] groupOfClass; // the parent node of each class (all 0 for flat labels)
    private final int[][] rowsOfGroup; // per parent node, the matrix rows of its classes, ascending
    private final int[] allRows;
    private final int negativeSample;
    private final NegativeWindows negatives;
    private double costScale = 1;
    private int solveCalls;

    /**
     * @param negativeSample with path labels, the other rows each class's problem samples (0: all); -1: as configured
     * @param negatives      which rows those are (null: labels that are flat, or no sample)
     */
    OneVsRest(
            SparseMatrix matrix,
            int[] truth,
            int classes,
            int trainCount,
            Hyperparameters hyperparameters,
            ExecutorService pool,
            int[] groupOfClass,
            int negativeSample,
            NegativeWindows negatives) {
        this.matrix = matrix;
        this.truth = truth;
        this.classes = classes;
        this.trainCount = trainCount;
        this.hyperparameters = hyperparameters;
        this.pool = pool;
        double[] squaredNorms = BinarySvmSolver.squaredNorms(matrix);
        this.workers = ThreadLocal.withInitial(() -> new BinarySvmSolver(matrix, truth, squaredNorms));
        this.groupOfClass = groupOfClass.clone();
        this.rowsOfGroup = rowsOfGroup(truth, groupOfClass);
        this.allRows = java.util.stream.IntStream.range(0, truth.length).toArray();
        boolean tree = Arrays.stream(groupOfClass).anyMatch(group -> group != 0);
        this.negativeSample = !tree
                ? 0
                : negativeSample >= 0 ? negativeSample : hyperparameters.effectiveNegativeSample(trainCount, classes);
        if (this.negativeSample > 0 && negatives == null) {
            throw new IllegalArgumentException("a sample of negatives needs the rows' windows");
        }
        this.negatives = negatives;
    }

    /**
     * Solves at {@code scale} times the costs asked for: a sample of 1/scale of the rows sums 1/scale of the loss, so at
     * C · scale it weighs its loss against the weights as all rows do at C.
     */
    OneVsRest costsScaledBy(double scale) {
        this.costScale = scale;
        return this;
    }

    /** How many other rows each class's problem samples; 0 = every row. */
    int negativeSample() {
        return negativeSample;
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
    int solve(DualSolution[] solutions, double askedCost, double classWeightPower, boolean allRows, WeightsUse use) {
        double cost = askedCost * costScale;
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
                load(worker, c, rowCount, solutions[c]);
                int epochs = worker.solve(
                        cost * weight,
                        cost,
                        hyperparameters.tolerance(),
                        hyperparameters.maxEpochs(),
                        new SplittableRandom(seed(c) * 31 + round));
                use.accept(c, worker.weights(), worker.problemRows(), worker.problemSize());
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

    /** Hands each class's weights, rebuilt from its solution on the training rows, to {@code use}; no solving. */
    void weights(DualSolution[] solutions, WeightsUse use) {
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int positive = c;
            results.add(pool.submit(() -> {
                BinarySvmSolver worker = workers.get();
                load(worker, positive, trainCount, solutions[positive]);
                use.accept(positive, worker.weights(), worker.problemRows(), worker.problemSize());
                return 0;
            }));
        }
        for (Future<Integer> result : results) {
            join(result);
        }
    }

    /** Loads class c's problem over rows [0, rowCount): all of them, or its parent's rows and a sample. */
    private void load(BinarySvmSolver worker, int c, int rowCount, DualSolution start) {
        int[] group = rowsOfGroup[groupOfClass[c]];
        int inGroup = countBelow(group, rowCount);
        int others = rowCount - inGroup;
        int sample = negativeSample;
        if (sample == 0 || others <= 2L * sample) {
            worker.load(c, allRows, rowCount, new int[0], 1, start);
            return;
        }
        // a window of sample / all rows: the same rows for every solve of this class (training rows, then all rows)
        // and for a training after this one, a stable problem to warm-start
        int[] sampled = negatives.rows(
                c,
                (double) sample / truth.length,
                row -> row < rowCount && groupOfClass[truth[row]] != groupOfClass[c]);
        worker.load(c, group, inGroup, sampled, (double) others / Math.max(1, sampled.length), start);
    }

    private static int countBelow(int[] ascending, int limit) {
        int position = Arrays.binarySearch(ascending, limit);
        return position >= 0 ? position : -position - 1;
    }

    private static int[][] rowsOfGroup(int[] truth, int[] groupOfClass) {
        int groups = Arrays.stream(groupOfClass).max().orElse(0) + 1;
        int[] count = new int[groups];
        for (int c : truth) {
            count[groupOfClass[c]]++;
        }
        int[][] rows = new int[groups][];
        for (int g = 0; g < groups; g++) {
            rows[g] = new int[count[g]];
            count[g] = 0;
        }
        for (int row = 0; row < truth.length; row++) {
            int g = groupOfClass[truth[row]];
            rows[g][count[g]++] = row;
        }
        return rows;
    }

    /** A use that scores the validation rows with each class's weights into {@code scores}. */
    WeightsUse scoreValidation(ValidationScores scores) {
        return (c, weights, rows, rowCount) -> scores.add(c, validationScores(weights));
    }

    /** Each validation row's score under these weights (columns, then the bias). */
    float[] validationScores(float[] weights) {
        float bias = weights[weights.length - 1];
        float[] column = new float[rowCount() - trainCount];
        for (int row = trainCount; row < rowCount(); row++) {
            double sum = bias;
            for (int e = matrix.rowStart()[row]; e < matrix.rowStart()[row + 1]; e++) {
                sum += weights[matrix.columns()[e]] * matrix.values()[e];
            }
            column[row - trainCount] = (float) sum;
        }
        return column;
    }

    ValidationScores newValidationScores() {
        return new ValidationScores(validationTruth(), classes);
    }

    int[] validationTruth() {
        return Arrays.copyOfRange(truth, trainCount, truth.length);
    }

    /** How the weights solved on these rows are compacted (null: kept without loss). */
    Compaction compaction(boolean compact, double tolerance) {
        return compact ? new Compaction(matrix, tolerance) : null;
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
