package io.prodcat.engine.training;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.NodeWeights;
import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a one-vs-rest linear SVM on hashed TF-IDF n-grams. Checkpoints walk the cost path (warm-started)
 * once per class weighting; each is scored on a stratified validation split, the best by macro-F1 is kept,
 * per-class offsets and the probability temperature are fitted on validation, and the chosen checkpoint is
 * refitted on all rows. Logs one line per checkpoint. Deterministic for a given dataset and
 * hyperparameters, whatever the thread count.
 */
public final class LinearTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LinearTrainer.class);

    /** Asked once the feature columns are known, before the weights are allocated; throws to stop the training. */
    @FunctionalInterface
    public interface WeightsCheck {
        void beforeAllocating(int columns, int classes);
    }

    private final Hyperparameters hyperparameters;
    private final WeightsCheck weightsCheck;
    private final boolean compactWeights;

    public LinearTrainer(Hyperparameters hyperparameters) {
        this(hyperparameters, (columns, classes) -> {});
    }

    public LinearTrainer(Hyperparameters hyperparameters, WeightsCheck weightsCheck) {
        this(hyperparameters, weightsCheck, true);
    }

    private LinearTrainer(Hyperparameters hyperparameters, WeightsCheck weightsCheck, boolean compactWeights) {
        this.hyperparameters = hyperparameters;
        this.weightsCheck = weightsCheck;
        this.compactWeights = compactWeights;
    }

    /** A trainer whose model keeps its weights without loss (only to measure what compaction costs). */
    LinearTrainer withLosslessWeights() {
        return new LinearTrainer(hyperparameters, weightsCheck, false);
    }

    /** @throws DatasetException when no class has enough rows to hold any out for validation */
    public TrainingResult train(Dataset dataset) {
        return train(dataset, null);
    }

    /**
     * Trains a model whose labels are paths joined by {@code pathSeparator} (null: flat labels).
     *
     * @throws DatasetException when no class has enough rows to hold any out for validation, or the labels do not
     *     form a tree with that separator ({@link io.prodcat.engine.taxonomy.TaxonomyException})
     */
    public TrainingResult train(Dataset dataset, String pathSeparator) {
        long start = System.nanoTime();
        int[] parentOfClass = new int[dataset.labels().size()]; // flat labels: all under the root
        Taxonomy taxonomy = null;
        if (pathSeparator != null) {
            taxonomy = Taxonomy.of(dataset.labels(), pathSeparator);
            LOG.info(
                    "labels are paths: {} leaves in {} levels",
                    taxonomy.leaves().size(),
                    taxonomy.depth());
            parentOfClass = parents(taxonomy);
        }
        StratifiedSplit split =
                StratifiedSplit.of(dataset.rows(), hyperparameters.validationFraction(), hyperparameters.seed());
        if (split.validation().isEmpty()) {
            throw new DatasetException("too few rows to hold out a validation split: every class has a single row");
        }
        if (!split.unsplitClasses().isEmpty()) {
            LOG.warn("classes with a single row are trained on but absent from validation: {}", split.unsplitClasses());
        }
        List<LabelledText> rows = new ArrayList<>(split.train());
        rows.addAll(split.validation());
        List<String> texts = rows.stream().map(LabelledText::text).toList();
        FeatureSpace space = FeatureSpace.fit(texts, hyperparameters.features());
        weightsCheck.beforeAllocating(space.columnCount(), dataset.labels().size());
        SparseMatrix matrix = space.vectorizeAll(texts);
        LOG.info(
                "features: {} columns, {} training and {} validation rows, {} classes ({} s)",
                space.columnCount(),
                split.train().size(),
                split.validation().size(),
                dataset.labels().size(),
                seconds(start));

        ExecutorService pool = Executors.newFixedThreadPool(hyperparameters.effectiveThreads());
        try {
            int[] truth = labelIndices(rows, dataset.labels());
            OneVsRest problem = new OneVsRest(
                    matrix, truth, dataset.labels().size(), split.train().size(), hyperparameters, pool, parentOfClass);
            if (problem.negativeSample() > 0) {
                LOG.info(
                        "negatives: each class's problem is its parent node's rows and a sample of {} other rows"
                                + " ({} training rows × {} classes; negativeSample={})",
                        problem.negativeSample(),
                        split.train().size(),
                        dataset.labels().size(),
                        hyperparameters.negativeSample());
            }
            TopLevelNodes nodes =
                    topLevelNodes(taxonomy, matrix, truth, split.train().size(), pool, start);
            return fit(dataset, split, space, problem, nodes, start, pathSeparator);
        } finally {
            pool.shutdownNow();
        }
    }

    private TrainingResult fit(
            Dataset dataset,
            StratifiedSplit split,
            FeatureSpace space,
            OneVsRest problem,
            TopLevelNodes nodes,
            long start,
            String pathSeparator) {
        List<String> labels = dataset.labels();
        int[] validationTruth = problem.validationTruth();
        List<Checkpoint> checkpoints = new ArrayList<>();
        Checkpoint best = null;
        DualSolution[] bestSolutions = null;
        ValidationScores bestScores = null;
        List<Double> shares = nodes == null ? List.of(0.0) : nodes.shares();
        List<Double> powers = hyperparameters.classWeightPowers();
        int total = hyperparameters.costs().size() + powers.size() - 1;
        // the first class weighting walks the cost path; each other one is a single checkpoint at the best
        // cost so far, warm-started from the best solution (any non-negative dual is feasible)
        for (int p = 0; p < powers.size(); p++) {
            DualSolution[] solutions = p == 0 ? problem.start() : bestSolutions.clone();
            List<Double> costs = p == 0 ? hyperparameters.costs() : List.of(best.cost());
            for (double cost : costs) {
                ValidationScores[] perShare = new ValidationScores[shares.size()];
                for (int s = 0; s < perShare.length; s++) {
                    perShare[s] = problem.newValidationScores();
                }
                int epochs = problem.solve(
                        solutions,
                        cost,
                        powers.get(p),
                        false,
                        nodes == null
                                ? problem.scoreValidation(perShare[0])
                                : nodes.scoreValidation(problem, perShare));
                // the share with the best validation macro-F1 (the smaller one on a tie)
                Evaluation evaluation = null;
                int share = 0;
                for (int s = 0; s < perShare.length; s++) {
                    Evaluation withShare =
                            Evaluation.of(labels, validationTruth, perShare[s].predict(new double[labels.size()]));
                    if (evaluation == null || withShare.macroF1() > evaluation.macroF1()) {
                        evaluation = withShare;
                        share = s;
                    }
                }
                ValidationScores scores = perShare[share];
                Checkpoint checkpoint = new Checkpoint(
                        checkpoints.size() + 1,
                        cost,
                        powers.get(p),
                        shares.get(share),
                        evaluation.macroF1(),
                        evaluation.minF1(),
                        epochs,
                        seconds(start));
                checkpoints.add(checkpoint);
                LOG.info(
                        "checkpoint {}/{}: C={} class-weight-power={} node-share={} validation macro-F1={} min-F1={}"
                                + " epochs={} support-vectors={} elapsed={}s",
                        checkpoint.number(),
                        total,
                        cost,
                        powers.get(p),
                        checkpoint.nodeShare(),
                        format(evaluation.macroF1()),
                        format(evaluation.minF1()),
                        epochs,
                        supportVectors(solutions),
                        format(checkpoint.elapsedSeconds()));
                if (best == null || checkpoint.validationMacroF1() > best.validationMacroF1()) {
                    best = checkpoint;
                    bestSolutions = solutions.clone(); // solutions are immutable: the array is the checkpoint
                    bestScores = scores;
                }
            }
        }
        double[] offsets =
                hyperparameters.tuneClassOffsets() ? ClassOffsets.tune(bestScores) : new double[labels.size()];
        Evaluation validation = Evaluation.of(labels, validationTruth, bestScores.predict(offsets));
        double temperature = Temperature.fit(bestScores, offsets);
        bestScores = null;
        LOG.info(
                "best: {} (validation macro-F1 {}); with class offsets: macro-F1={} min-F1={}; temperature {}",
                best.name(),
                format(best.validationMacroF1()),
                format(validation.macroF1()),
                format(validation.minF1()),
                format(temperature));
        // the model's weights are taken a class at a time (from the refit, or rebuilt from the best checkpoint),
        // compacted as they come
        Compaction compaction = problem.compaction(compactWeights, hyperparameters.compactionTolerance());
        ModelAssembly.Weights weights = new ModelAssembly.Weights(labels.size(), space.columnCount(), compaction);
        if (hyperparameters.refit()) {
            int epochs = problem.solve(bestSolutions, best.cost(), best.classWeightPower(), true, weights::take);
            LOG.info(
                    "refitted {} on all {} rows: epochs={} elapsed={}s",
                    best.name(),
                    problem.rowCount(),
                    epochs,
                    format(seconds(start)));
        } else {
            problem.weights(bestSolutions, weights::take);
        }
        NodeWeights nodeWeights = best.nodeShare() > 0
                ? nodes.weights(best.nodeShare(), hyperparameters.refit(), space.columnCount(), compaction)
                : null;
        if (nodeWeights != null) {
            LOG.info(
                    "top-level nodes {} at share {}: elapsed={}s",
                    hyperparameters.refit() ? "refitted on all rows" : "as solved",
                    best.nodeShare(),
                    format(seconds(start)));
        }
        LinearClassifier model = ModelAssembly.assemble(
                labels,
                space,
                weights,
                offsets,
                temperature,
                ModelAssembly.provenance(
                        dataset,
                        hyperparameters,
                        best,
                        hyperparameters.refit()
                                ? problem.rowCount()
                                : split.train().size()),
                pathSeparator,
                nodeWeights);
        LOG.info(
                "compact weights: {} non-zeros of {} columns × {} classes; classes (and nodes) per threshold {}: {}",
                model.weights().nonZeros(),
                space.columnCount(),
                labels.size(),
                Compaction.ladder(),
                compaction == null ? "none (lossless)" : java.util.Arrays.toString(compaction.classesPerLevel()));
        return new TrainingResult(
                model,
                checkpoints,
                best,
                validation,
                split.train().size(),
                split.validation().size(),
                split.unsplitClasses(),
                seconds(start));
    }

    /**
     * The top-level nodes' model to share with the leaves, solved on the training rows; null when the labels are flat,
     * in one level, under fewer than two top-level nodes, or {@link Hyperparameters#nodeShares} has no share above 0.
     */
    private TopLevelNodes topLevelNodes(
            Taxonomy taxonomy, SparseMatrix matrix, int[] truth, int trainCount, ExecutorService pool, long start) {
        if (taxonomy == null
                || taxonomy.depth() < 2
                || taxonomy.nodesAt(1).size() < 2
                || hyperparameters.nodeShares().stream().allMatch(share -> share == 0)) {
            return null;
        }
        int nodes = taxonomy.nodesAt(1).size();
        int[] nodeOfClass = taxonomy.nodesOfLeaves(1);
        int[] nodeTruth =
                java.util.Arrays.stream(truth).map(c -> nodeOfClass[c]).toArray();
        OneVsRest problem = new OneVsRest(matrix, nodeTruth, nodes, trainCount, hyperparameters, pool, new int[nodes]);
        TopLevelNodes fitted = TopLevelNodes.fit(problem, nodeOfClass, nodes, hyperparameters);
        LOG.info(
                "top-level nodes: {} solved at C={} (epochs={}), shared with their leaves at {} (validation picks)"
                        + " elapsed={}s",
                nodes,
                fitted.cost(),
                fitted.epochs(),
                hyperparameters.nodeShares(),
                format(seconds(start)));
        return fitted;
    }

    private static int[] labelIndices(List<LabelledText> rows, List<String> labels) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            index.put(labels.get(c), c);
        }
        return rows.stream().mapToInt(row -> index.get(row.label())).toArray();
    }

    /** Each leaf's parent node, numbered (the root when the leaf is on level 1). */
    private static int[] parents(Taxonomy taxonomy) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] parent = new int[taxonomy.leaves().size()];
        for (int leaf = 0; leaf < parent.length; leaf++) {
            int level = taxonomy.path(leaf).size() - 1;
            String key = level == 0 ? "" : level + ":" + taxonomy.nodeOf(leaf, level);
            parent[leaf] = numbers.computeIfAbsent(key, k -> numbers.size());
        }
        return parent;
    }

    private static long supportVectors(DualSolution[] solutions) {
        long total = 0;
        for (DualSolution solution : solutions) {
            total += solution.supportVectors();
        }
        return total;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }
}
