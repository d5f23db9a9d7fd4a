package io.prodcat.engine.training;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.features.SparseVector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark (not a test; bench/run.sh runs it): our dual coordinate descent against the Java port of
 * LIBLINEAR on the same features, the same one-vs-rest problems (C = 0.5, unweighted) and the same two
 * threads. Prints one JSON object.
 */
public final class SolverComparison {

    private SolverComparison() {}

    public static void main(String[] args) throws Exception {
        DepartmentSplit split = DepartmentSplit.read(Path.of(args[0]));
        SparseMatrix matrix = split.matrix();
        int[] truth = split.truth();
        ExecutorService pool = Executors.newFixedThreadPool(2);

        long start = System.nanoTime();
        OneVsRest ours = new OneVsRest(
                matrix,
                truth,
                split.labels().size(),
                truth.length,
                Hyperparameters.DEFAULT,
                pool,
                new int[split.labels().size()],
                -1,
                null);
        float[][] oursWeights = new float[split.labels().size()][];
        ours.solve(ours.start(), 0.5, 0, false, (c, weights, rows, rowCount) -> oursWeights[c] = weights.clone());
        double oursSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        float[][] liblinearWeights = liblinear(matrix, truth, split.labels().size(), pool);
        double liblinearSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();

        List<Map<String, Object>> results = List.of(
                result(
                        "prodcat dual coordinate descent (CSR arrays, float weights, shrinking)",
                        oursSeconds,
                        macroF1(oursWeights, split.testVectors(), split.testTruth(), split.labels())),
                result(
                        "de.bwaldvogel:liblinear 2.44 L2R_L2LOSS_SVC_DUAL (eps 0.1), per-class problems on 2 threads",
                        liblinearSeconds,
                        macroF1(liblinearWeights, split.testVectors(), split.testTruth(), split.labels())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("solvers", results);
        out.put(
                "note",
                "Both solve the same dual problem (LIBLINEAR's algorithm); the difference is the data layout: "
                        + "LIBLINEAR's Java port keeps one Feature object per non-zero. Smile 3.1.1's SparseLogisticRegression "
                        + "(L-BFGS) was not run here: on the same split with word features it took 350 s and reached 0.7055 "
                        + "(../shared/docs/stack-notes.md).");
        System.out.println(JsonMapper.builder().build().writeValueAsString(out));
    }

    private static Map<String, Object> result(String name, double seconds, double macroF1) {
        return Map.of("name", name, "seconds", seconds, "macro_f1", macroF1);
    }

    private static float[][] liblinear(SparseMatrix matrix, int[] truth, int classes, ExecutorService pool)
            throws Exception {
        return liblinear(
                liblinearRows(matrix),
                matrix.columnCount(),
                truth,
                classes,
                c -> new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, 0.5, 0.1),
                pool);
    }

    /**
     * LIBLINEAR one-vs-rest on these rows ({@code truth}: each row's class), one class a task on {@code pool}: each
     * class's weights (columns, then the bias) scoring it against the rest.
     */
    static float[][] liblinear(
            Feature[][] rows,
            int columns,
            int[] truth,
            int classes,
            java.util.function.IntFunction<Parameter> parameterOfClass,
            ExecutorService pool)
            throws Exception {
        Linear.disableDebugOutput();
        List<Future<float[]>> futures = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int positive = c;
            futures.add(pool.submit(() -> {
                Problem problem = new Problem();
                problem.l = rows.length;
                problem.n = columns + 1;
                problem.x = rows;
                problem.y = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    problem.y[i] = truth[i] == positive ? 1 : -1;
                }
                var model = Linear.train(problem, parameterOfClass.apply(positive));
                double[] w = model.getFeatureWeights();
                double sign = model.getLabels()[0] == 1 ? 1 : -1;
                float[] weights = new float[w.length];
                for (int j = 0; j < w.length; j++) {
                    weights[j] = (float) (sign * w[j]);
                }
                return weights;
            }));
        }
        float[][] weights = new float[classes][];
        for (int c = 0; c < classes; c++) {
            weights[c] = futures.get(c).get();
        }
        return weights;
    }

    /** The rows in LIBLINEAR's form (1-based columns), each with the bias feature last, as ours. */
    static Feature[][] liblinearRows(SparseMatrix matrix) {
        Feature[][] rows = new Feature[matrix.rowCount()][];
        for (int r = 0; r < rows.length; r++) {
            SparseVector row = matrix.row(r);
            List<FeatureNode> nodes = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                nodes.add(new FeatureNode(row.columns()[i] + 1, row.values()[i]));
            }
            nodes.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
            nodes.add(new FeatureNode(matrix.columnCount() + 1, 1.0));
            rows[r] = nodes.toArray(new Feature[0]);
        }
        return rows;
    }

    /** Macro-F1 of the best-scoring class under these weights (columns, then the bias). */
    static double macroF1(float[][] weights, List<SparseVector> vectors, int[] truth, List<String> labels) {
        int[] predicted = new int[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            SparseVector v = vectors.get(i);
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < weights.length; c++) {
                double score = weights[c][weights[c].length - 1];
                for (int e = 0; e < v.size(); e++) {
                    score += weights[c][v.columns()[e]] * v.values()[e];
                }
                if (score > bestScore) {
                    bestScore = score;
                    predicted[i] = c;
                }
            }
        }
        return Evaluation.of(labels, truth, predicted).macroF1();
    }
}
