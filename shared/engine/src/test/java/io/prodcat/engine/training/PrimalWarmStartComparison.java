package io.prodcat.engine.training;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.SolverType;
import io.prodcat.engine.features.FeatureConfig;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.features.SparseVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Experiment (not a test; docs/ENGINE.md "Why a warm training does not start from the parent's weights" reports it):
 * does a solver started from a parent's exact solution finish sooner? The parent is solved on a share of the training
 * rows, in the same feature space (the best case: same columns, same IDF) and in one fitted on its rows alone (as a
 * real parent); then all rows are solved from zero and from the parent: our dual coordinate descent (from the parent's
 * duals) and LIBLINEAR's primal trust-region Newton solver (from its weights, {@code init_sol}), one-vs-rest at
 * C = 0.5 unweighted on two threads. Prints one JSON object.
 *
 * <p>Arguments: a directory with train.csv and test.csv (product_name, department), then parent shares (e.g. 0.8 0.99).
 */
public final class PrimalWarmStartComparison {

    private PrimalWarmStartComparison() {}

    private static final double COST = 0.5;

    public static void main(String[] args) throws Exception {
        DepartmentSplit split = DepartmentSplit.read(Path.of(args[0]));
        SparseMatrix matrix = split.matrix();
        int[] truth = split.truth();
        int classes = split.labels().size();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Feature[][] rows = SolverComparison.liblinearRows(matrix);
        int[] all = IntStream.range(0, truth.length).toArray();

        Timings timings = new Timings(split.testVectors(), split.testTruth(), split.labels());
        long start = System.nanoTime();
        float[][] primalCold = primal(rows, matrix.columnCount(), truth, all, classes, null, pool);
        timings.add("primal (TRON) from zero, all rows", start, primalCold);
        dual(matrix, truth, truth.length, classes, null, pool); // JIT warm-up: the first solve runs slower
        start = System.nanoTime();
        DualSolution[] dualCold = dual(matrix, truth, truth.length, classes, null, pool);
        timings.add("dual CD from zero, all rows", start, null);

        // the rows in a random order, the parent's first: the dual problem of the first parentCount rows is the
        // parent's
        List<Integer> shuffled =
                new ArrayList<>(IntStream.range(0, truth.length).boxed().toList());
        Collections.shuffle(shuffled, new Random(7));
        int[] order = shuffled.stream().mapToInt(Integer::intValue).toArray();
        SparseMatrix reordered = matrix.select(order);
        int[] reorderedTruth = IntStream.of(order).map(row -> truth[row]).toArray();
        for (int a = 1; a < args.length; a++) {
            double share = Double.parseDouble(args[a]);
            int parentCount = (int) Math.round(share * truth.length);
            int[] parentRows = IntStream.of(order).limit(parentCount).toArray();
            float[][] parentWeights = primal(rows, matrix.columnCount(), truth, parentRows, classes, null, pool);
            DualSolution[] parentDuals = dual(reordered, reorderedTruth, parentCount, classes, null, pool);

            start = System.nanoTime();
            float[][] primalWarm = primal(rows, matrix.columnCount(), truth, all, classes, parentWeights, pool);
            timings.add(
                    "primal (TRON) from the parent's weights (parent on " + share + " of the rows)", start, primalWarm);
            start = System.nanoTime();
            dual(reordered, reorderedTruth, truth.length, classes, parentDuals, pool);
            timings.add("dual CD from the parent's duals (parent on " + share + " of the rows)", start, null);
            // as a real parent would be: its own feature space (columns and IDF of its rows), its duals carried over by
            // row
            List<String> parentTexts =
                    IntStream.of(parentRows).mapToObj(split.texts()::get).toList();
            SparseMatrix parentMatrix =
                    FeatureSpace.fit(parentTexts, FeatureConfig.DEFAULT).vectorizeAll(parentTexts);
            DualSolution[] ownSpaceDuals = dual(
                    parentMatrix,
                    java.util.Arrays.copyOf(reorderedTruth, parentCount),
                    parentCount,
                    classes,
                    null,
                    pool);
            start = System.nanoTime();
            dual(reordered, reorderedTruth, truth.length, classes, ownSpaceDuals, pool);
            timings.add(
                    "dual CD from the duals of a parent in its own feature space (parent on " + share + " of the rows)",
                    start,
                    null);
        }
        pool.shutdown();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cost", COST);
        out.put("solvers", timings.rows);
        out.put(
                "dual_cold_support_vectors",
                java.util.Arrays.stream(dualCold).mapToInt(s -> s.rows().length).sum());
        System.out.println(JsonMapper.builder().build().writeValueAsString(out));
    }

    /** Each solve's wall time and, where it kept its weights, their test macro-F1. */
    private static final class Timings {
        final List<Map<String, Object>> rows = new ArrayList<>();
        private final List<SparseVector> vectors;
        private final int[] truth;
        private final List<String> labels;

        Timings(List<SparseVector> vectors, int[] truth, List<String> labels) {
            this.vectors = vectors;
            this.truth = truth;
            this.labels = labels;
        }

        void add(String name, long start, float[][] weights) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("seconds", (System.nanoTime() - start) / 1e9);
            if (weights != null) {
                row.put("test_macro_f1", SolverComparison.macroF1(weights, vectors, truth, labels));
            }
            rows.add(row);
        }
    }

    /** Our solver on the first {@code rowCount} rows, from zero or from {@code starts}; the solutions. */
    private static DualSolution[] dual(
            SparseMatrix matrix, int[] truth, int rowCount, int classes, DualSolution[] starts, ExecutorService pool) {
        Hyperparameters h = Hyperparameters.DEFAULT.withThreads(2);
        OneVsRest problem = new OneVsRest(matrix, truth, classes, rowCount, h, pool, new int[classes], 0, null);
        DualSolution[] solutions = starts == null ? problem.start() : starts.clone();
        problem.solve(solutions, COST, 0, false, (c, weights, rows, count) -> {});
        return solutions;
    }

    /** LIBLINEAR's primal L2-loss SVM (eps 0.01, its default) on these rows, from zero or from {@code starts}. */
    private static float[][] primal(
            Feature[][] all, int columns, int[] truth, int[] rows, int classes, float[][] starts, ExecutorService pool)
            throws Exception {
        Feature[][] x = IntStream.of(rows).mapToObj(row -> all[row]).toArray(Feature[][]::new);
        int[] xTruth = IntStream.of(rows).map(row -> truth[row]).toArray();
        return SolverComparison.liblinear(
                x,
                columns,
                xTruth,
                classes,
                c -> {
                    Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC, COST, 0.01);
                    if (starts != null) {
                        // with labels -1 and +1 LIBLINEAR solves for +1 (this class), whichever comes first
                        parameter.setInitSol(IntStream.range(0, columns + 1)
                                .mapToDouble(j -> starts[c][j])
                                .toArray());
                    }
                    return parameter;
                },
                pool);
    }
}
