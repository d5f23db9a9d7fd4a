package io.prodcat.engine.training;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.model.ChosenSetting;
import io.prodcat.engine.model.Lineage;
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
 * hyperparameters, whatever the thread count. The result keeps the model's final duals, for a training after it.
 */
public final class LinearTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LinearTrainer.class);
    /** The share of the training rows the cold check of a warm start trains on. */
    static final double COLD_CHECK_SHARE = 0.1;
    /**
     * The largest share of rows in classes the parent lacks or relabelled since it that still trains warm: the parent's
     * class offsets, which a warm training keeps, were tuned for the classes as they were (docs/ENGINE.md "Warm start").
     */
    static final double MAX_SHIFT = 0.02;

    /** The least the cost path's best must beat the parent's setting by in the cold check to train cold. */
    static final double COLD_CHECK_MIN_MARGIN = 0.01;
    /** The most validation rows the cold check scores on. */
    static final int COLD_CHECK_MAX_VALIDATION_ROWS = 10_000;

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
        return train(dataset, pathSeparator, null);
    }

    /**
     * Trains as {@link #train(Dataset, String)}, after {@code parent} (null: none). With a parent (warm) every class is
     * solved once on all rows at the setting the parent was chosen at, from the parent's duals, with its class offsets
     * and temperature, instead of the cost path and the refit. The cost path is trained instead when the cold check (the
     * cost path on a sample of the training rows) beats the parent's setting on the same rows by more than its margin, or
     * more than {@link #MAX_SHIFT} of the rows are in classes the parent lacks or relabelled. The model's provenance
     * records the parent and the choice ({@link Lineage}); docs/ENGINE.md "Warm start".
     *
     * @throws IncompatibleParentException when the parent's features or labels do not fit this training
     *     ({@link Parent#incompatibility})
     */
    public TrainingResult train(Dataset dataset, String pathSeparator, Parent parent) {
        if (parent != null) {
            parent.incompatibility(hyperparameters.features(), pathSeparator, dataset.labels())
                    .ifPresent(reason -> {
                        throw new IncompatibleParentException(reason);
                    });
        }
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
            Run run = new Run(
                    rows,
                    dataset.labels(),
                    pathSeparator,
                    matrix,
                    truth,
                    split.train().size(),
                    taxonomy,
                    parentOfClass,
                    // path labels may sample negatives (the problem decides): they are drawn from these windows
                    taxonomy == null ? null : NegativeWindows.of(texts, dataset.labels(), hyperparameters.seed()),
                    pool,
                    start);
            OneVsRest problem = problem(run, run.trainCount(), matrix, truth, -1, run.negatives());
            if (problem.negativeSample() > 0) {
                LOG.info(
                        "negatives: each class's problem is its parent node's rows and a sample of {} other rows"
                                + " ({} training rows × {} classes; negativeSample={})",
                        problem.negativeSample(),
                        split.train().size(),
                        dataset.labels().size(),
                        hyperparameters.negativeSample());
            }
            return fit(dataset, split, space, problem, run, parent);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What every solve of one training shares. */
    private record Run(
            List<LabelledText> rows,
            List<String> labels,
            String pathSeparator,
            SparseMatrix matrix,
            int[] truth,
            int trainCount,
            Taxonomy taxonomy,
            int[] parentOfClass,
            NegativeWindows negatives,
            ExecutorService pool,
            long start) {}

    /** A problem over these rows, the first {@code trainCount} for fitting; negativeSample -1: as configured. */
    private OneVsRest problem(
            Run run, int trainCount, SparseMatrix rows, int[] rowTruth, int negativeSample, NegativeWindows negatives) {
        return new OneVsRest(
                rows,
                rowTruth,
                run.labels().size(),
                trainCount,
                hyperparameters,
                run.pool(),
                run.parentOfClass(),
                negativeSample,
                negatives);
    }

    /** A checkpoint with what the model is made from if it is chosen: its solutions and validation scores. */
    private record Scored(Checkpoint checkpoint, DualSolution[] solutions, ValidationScores scores) {}

    /**
     * The cold check: on the same sample of rows, the parent's setting ({@code warm}, its evaluation on the sample's
     * validation rows) against the cost path's best ({@code cold}, its validation macro-F1).
     */
    private record ColdCheck(Evaluation warm, double cold, int trainingRows, int validationRows) {

        /**
         * How much the path's best must beat the parent's setting to train cold: 1/√n on the check's n validation rows,
         * about two standard errors of a share measured on them (the best of several settings on the same rows beats
         * any one of them by chance), and no less than {@link #COLD_CHECK_MIN_MARGIN}.
         */
        double margin() {
            return Math.max(COLD_CHECK_MIN_MARGIN, 1 / Math.sqrt(validationRows));
        }
    }

    private TrainingResult fit(
            Dataset dataset, StratifiedSplit split, FeatureSpace space, OneVsRest problem, Run run, Parent parent) {
        List<String> labels = dataset.labels();
        long start = run.start();
        List<Checkpoint> checkpoints = new ArrayList<>();
        Lineage lineage = null;
        if (parent != null) {
            ChosenSetting setting = parent.model().provenance().chosen();
            LOG.info(
                    "parent: version {}, trained on {} at C={} class-weight-power={} node-share={}",
                    parent.version(),
                    parent.model().provenance().datasetSha1(),
                    setting.cost(),
                    setting.classWeightPower(),
                    setting.nodeShare());
            ColdCheck check = coldCheck(run, problem, setting);
            double shift = parent.duals().shift(run.rows());
            boolean cold = check.cold() > check.warm().macroF1() + check.margin() || shift > MAX_SHIFT;
            LOG.info(
                    "cold check on {} training rows: validation macro-F1 {} for the cost path's best, {} for the"
                            + " parent's setting (margin {}); {} % of the rows are in classes the parent lacks or"
                            + " changed label since it (at most {} % for warm): {}",
                    check.trainingRows(),
                    format(check.cold()),
                    format(check.warm().macroF1()),
                    format(check.margin()),
                    String.format(java.util.Locale.ROOT, "%.1f", 100 * shift),
                    Math.round(100 * MAX_SHIFT),
                    cold ? "training cold" : "training warm");
            lineage = new Lineage(
                    parent.version(),
                    parent.trainingId(),
                    parent.model().provenance().datasetSha1(),
                    cold ? Lineage.COLD : Lineage.WARM,
                    check.warm().macroF1(),
                    check.cold(),
                    check.trainingRows());
            if (!cold) {
                return fitWarm(dataset, split, space, problem, run, parent, check.warm(), lineage);
            }
        }
        TopLevelNodes nodes = topLevelNodes(run, run.matrix(), run.truth(), run.trainCount(), true);
        Scored best = walkPath(problem, nodes, checkpoints, run, lineage == null ? "" : "cold ");
        int[] validationTruth = problem.validationTruth();
        ValidationScores bestScores = best.scores();
        double[] offsets =
                hyperparameters.tuneClassOffsets() ? ClassOffsets.tune(bestScores) : new double[labels.size()];
        Evaluation validation = Evaluation.of(labels, validationTruth, bestScores.predict(offsets));
        double temperature = Temperature.fit(bestScores, offsets);
        bestScores = null;
        Checkpoint chosen = best.checkpoint();
        LOG.info(
                "best: {} (validation macro-F1 {}); with class offsets: macro-F1={} min-F1={}; temperature {}",
                chosen.name(),
                format(chosen.validationMacroF1()),
                format(validation.macroF1()),
                format(validation.minF1()),
                format(temperature));
        // the model's weights are taken a class at a time (from the refit, or rebuilt from the best checkpoint),
        // compacted as they come
        Compaction compaction = problem.compaction(compactWeights, hyperparameters.compactionTolerance());
        ModelAssembly.Weights weights = new ModelAssembly.Weights(labels.size(), space.columnCount(), compaction);
        DualSolution[] finalDuals = best.solutions();
        if (hyperparameters.refit()) {
            int epochs = problem.solve(finalDuals, chosen.cost(), chosen.classWeightPower(), true, weights::take);
            LOG.info(
                    "refitted {} on all {} rows: epochs={} elapsed={}s",
                    chosen.name(),
                    problem.rowCount(),
                    epochs,
                    format(seconds(start)));
        } else {
            problem.weights(best.solutions(), weights::take);
        }
        NodeWeights nodeWeights = chosen.nodeShare() > 0
                ? nodes.weights(chosen.nodeShare(), hyperparameters.refit(), space.columnCount(), compaction)
                : null;
        if (nodeWeights != null) {
            LOG.info(
                    "top-level nodes {} at share {}: elapsed={}s",
                    hyperparameters.refit() ? "refitted on all rows" : "as solved",
                    chosen.nodeShare(),
                    format(seconds(start)));
        }
        return finish(
                dataset,
                split,
                space,
                run,
                new Fitted(weights, nodeWeights, compaction, offsets, temperature, finalDuals),
                chosen,
                checkpoints,
                validation,
                lineage);
    }

    /** What the model is made of: its weights as taken, offsets, temperature, and the duals they came from. */
    private record Fitted(
            ModelAssembly.Weights weights,
            NodeWeights nodeWeights,
            Compaction compaction,
            double[] offsets,
            double temperature,
            DualSolution[] duals) {}

    private TrainingResult finish(
            Dataset dataset,
            StratifiedSplit split,
            FeatureSpace space,
            Run run,
            Fitted fitted,
            Checkpoint chosen,
            List<Checkpoint> checkpoints,
            Evaluation validation,
            Lineage lineage) {
        List<String> labels = run.labels();
        LinearClassifier model = ModelAssembly.assemble(
                labels,
                space,
                fitted.weights(),
                fitted.offsets(),
                fitted.temperature(),
                ModelAssembly.provenance(
                        dataset,
                        hyperparameters,
                        chosen,
                        hyperparameters.refit() ? run.truth().length : run.trainCount(),
                        lineage),
                run.pathSeparator(),
                fitted.nodeWeights());
        LOG.info(
                "compact weights: {} non-zeros of {} columns × {} classes; classes (and nodes) per threshold {}: {}",
                model.weights().nonZeros(),
                space.columnCount(),
                labels.size(),
                Compaction.ladder(),
                fitted.compaction() == null
                        ? "none (lossless)"
                        : java.util.Arrays.toString(fitted.compaction().classesPerLevel()));
        return new TrainingResult(
                model,
                checkpoints,
                chosen,
                validation,
                split.train().size(),
                split.validation().size(),
                split.unsplitClasses(),
                seconds(run.start()),
                DualState.of(run.rows(), labels, fitted.duals(), fitted.offsets()));
    }

    /**
     * The cost path from zero: the first class weighting walks the costs; each other one is a single checkpoint at the
     * best cost so far, warm-started from the best solution (any non-negative dual is feasible). The best checkpoint.
     */
    private Scored walkPath(
            OneVsRest problem, TopLevelNodes nodes, List<Checkpoint> checkpoints, Run run, String name) {
        return walkPath(problem, nodes, checkpoints, run, name, scored -> {});
    }

    /** As {@link #walkPath(OneVsRest, TopLevelNodes, List, Run, String)}, handing each checkpoint to {@code each}. */
    private Scored walkPath(
            OneVsRest problem,
            TopLevelNodes nodes,
            List<Checkpoint> checkpoints,
            Run run,
            String name,
            java.util.function.Consumer<Scored> each) {
        List<Double> powers = hyperparameters.classWeightPowers();
        int total = checkpoints.size() + hyperparameters.costs().size() + powers.size() - 1;
        Scored best = null;
        for (int p = 0; p < powers.size(); p++) {
            DualSolution[] solutions =
                    p == 0 ? problem.start() : best.solutions().clone();
            List<Double> costs =
                    p == 0 ? hyperparameters.costs() : List.of(best.checkpoint().cost());
            for (double cost : costs) {
                Scored scored = checkpoint(
                        problem, nodes, solutions, cost, powers.get(p), checkpoints.size() + 1, total, run, name);
                checkpoints.add(scored.checkpoint());
                each.accept(scored);
                if (best == null
                        || scored.checkpoint().validationMacroF1()
                                > best.checkpoint().validationMacroF1()) {
                    best = scored;
                }
            }
        }
        return best;
    }

    /** Solves every class at this setting from {@code solutions} (which it updates), scored on validation. */
    private Scored checkpoint(
            OneVsRest problem,
            TopLevelNodes nodes,
            DualSolution[] solutions,
            double cost,
            double power,
            int number,
            int total,
            Run run,
            String name) {
        List<String> labels = run.labels();
        List<Double> shares = nodes == null ? List.of(0.0) : nodes.shares();
        ValidationScores[] perShare = new ValidationScores[shares.size()];
        for (int s = 0; s < perShare.length; s++) {
            perShare[s] = problem.newValidationScores();
        }
        int epochs = problem.solve(
                solutions,
                cost,
                power,
                false,
                nodes == null ? problem.scoreValidation(perShare[0]) : nodes.scoreValidation(problem, perShare));
        // the share with the best validation macro-F1 (the smaller one on a tie)
        int[] validationTruth = problem.validationTruth();
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
        Checkpoint checkpoint = new Checkpoint(
                number,
                cost,
                power,
                shares.get(share),
                evaluation.macroF1(),
                evaluation.minF1(),
                epochs,
                seconds(run.start()));
        LOG.info(
                "{}checkpoint {}/{}: C={} class-weight-power={} node-share={} validation macro-F1={} min-F1={}"
                        + " epochs={} support-vectors={} elapsed={}s",
                name,
                checkpoint.number(),
                total,
                cost,
                power,
                checkpoint.nodeShare(),
                format(evaluation.macroF1()),
                format(evaluation.minF1()),
                epochs,
                supportVectors(solutions),
                format(checkpoint.elapsedSeconds()));
        return new Scored(checkpoint, solutions.clone(), perShare[share]); // solutions are immutable: a snapshot
    }

    /**
     * The cost path from zero on a sample of the training rows ({@link #COLD_CHECK_SHARE}), and one checkpoint at the
     * parent's setting on the same rows, both scored on a sample of the validation rows.
     */
    private ColdCheck coldCheck(Run run, OneVsRest problem, ChosenSetting setting) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(hyperparameters.seed() ^ 0x5DEECE66DL);
        int[] truth = run.truth();
        int trainCount = run.trainCount();
        int validationCount = truth.length - trainCount;
        double validationShare = Math.min(1.0, (double) COLD_CHECK_MAX_VALIDATION_ROWS / validationCount);
        boolean[] seen = new boolean[run.labels().size()];
        java.util.stream.IntStream.Builder rows = java.util.stream.IntStream.builder();
        int sampledTrain = 0;
        for (int row = 0; row < trainCount; row++) {
            if (random.nextDouble() < COLD_CHECK_SHARE || !seen[truth[row]]) { // every class keeps a row
                rows.add(row);
                sampledTrain++;
                seen[truth[row]] = true;
            }
        }
        for (int row = trainCount; row < truth.length; row++) {
            if (random.nextDouble() < validationShare) {
                rows.add(row);
            }
        }
        int[] sampled = rows.build().toArray();
        SparseMatrix matrix = run.matrix().select(sampled);
        int[] sampleTruth =
                java.util.Arrays.stream(sampled).map(row -> truth[row]).toArray();
        // negatives sampled in proportion, so the cold check's problems are a tenth of the full ones
        int negativeSample = problem.negativeSample() == 0
                ? 0
                : Math.max(1, (int) Math.round(problem.negativeSample() * COLD_CHECK_SHARE));
        // costs scaled to the sample's size, so that its cost path and the parent's setting mean what they do on all
        // rows
        double costScale = (double) trainCount / sampledTrain;
        NegativeWindows negatives =
                run.negatives() == null ? null : run.negatives().select(sampled);
        OneVsRest sample = problem(run, sampledTrain, matrix, sampleTruth, negativeSample, negatives)
                .costsScaledBy(costScale);
        TopLevelNodes nodes = topLevelNodes(run, matrix, sampleTruth, sampledTrain, true, costScale);
        List<Scored> path = new ArrayList<>();
        Scored cold = walkPath(sample, nodes, new ArrayList<>(), run, "cold check ", path::add);
        Scored atParentsSetting = path.stream()
                .filter(scored -> scored.checkpoint().cost() == setting.cost()
                        && scored.checkpoint().classWeightPower() == setting.classWeightPower())
                .findFirst()
                .orElse(null);
        // not on the path: solved from the path's checkpoint nearest to its cost (any non-negative dual is a start)
        Scored warm = atParentsSetting != null
                ? atParentsSetting
                : checkpoint(
                        sample,
                        nodes,
                        nearestCost(path, setting.cost()).solutions().clone(),
                        setting.cost(),
                        setting.classWeightPower(),
                        1,
                        1,
                        run,
                        "cold check, the parent's setting: ");
        Evaluation evaluation = Evaluation.of(
                run.labels(),
                sample.validationTruth(),
                warm.scores().predict(new double[run.labels().size()]));
        return new ColdCheck(
                evaluation, cold.checkpoint().validationMacroF1(), sampledTrain, sample.validationTruth().length);
    }

    /** The checkpoint whose cost is nearest to {@code cost} on a log scale (the first of equals). */
    private static Scored nearestCost(List<Scored> path, double cost) {
        Scored nearest = path.get(0);
        for (Scored scored : path) {
            if (Math.abs(Math.log(scored.checkpoint().cost() / cost))
                    < Math.abs(Math.log(nearest.checkpoint().cost() / cost))) {
                nearest = scored;
            }
        }
        return nearest;
    }

    /**
     * The warm training: every class solved once at the parent's setting, on all rows, from the parent's duals; the
     * parent's class offsets and temperature. Its validation figures are the cold check's of the parent's setting.
     */
    private TrainingResult fitWarm(
            Dataset dataset,
            StratifiedSplit split,
            FeatureSpace space,
            OneVsRest problem,
            Run run,
            Parent parent,
            Evaluation validation,
            Lineage lineage) {
        List<String> labels = run.labels();
        ChosenSetting setting = parent.model().provenance().chosen();
        DualSolution[] solutions = parent.duals().startFor(run.rows(), labels);
        Compaction compaction = problem.compaction(compactWeights, hyperparameters.compactionTolerance());
        ModelAssembly.Weights weights = new ModelAssembly.Weights(labels.size(), space.columnCount(), compaction);
        boolean allRows = hyperparameters.refit();
        int epochs = problem.solve(solutions, setting.cost(), setting.classWeightPower(), allRows, weights::take);
        LOG.info(
                "warm: solved at the parent's setting on {} rows from its duals: epochs={} elapsed={}s",
                allRows ? problem.rowCount() : run.trainCount(),
                epochs,
                format(seconds(run.start())));
        TopLevelNodes nodes =
                setting.nodeShare() > 0 ? topLevelNodes(run, run.matrix(), run.truth(), run.trainCount(), false) : null;
        NodeWeights nodeWeights =
                nodes == null ? null : nodes.weights(setting.nodeShare(), allRows, space.columnCount(), compaction);
        double nodeShare = nodes == null ? 0 : setting.nodeShare();
        Checkpoint chosen = new Checkpoint(
                1,
                setting.cost(),
                setting.classWeightPower(),
                nodeShare,
                validation.macroF1(),
                validation.minF1(),
                epochs,
                seconds(run.start()));
        // the parent's offsets and temperature: tuning them needs held-out scores, which a solve on all rows has not
        double[] offsets = parent.duals().offsetsFor(labels);
        double temperature = parent.model().temperature();
        return finish(
                dataset,
                split,
                space,
                run,
                new Fitted(weights, nodeWeights, compaction, offsets, temperature, solutions),
                chosen,
                List.of(chosen),
                validation,
                lineage);
    }

    /**
     * The top-level nodes' model to share with the leaves, solved on the training rows; null when the labels are flat,
     * in one level, under fewer than two top-level nodes, or {@link Hyperparameters#nodeShares} has no share above 0.
     */
    private TopLevelNodes topLevelNodes(Run run, SparseMatrix matrix, int[] truth, int trainCount, boolean solve) {
        return topLevelNodes(run, matrix, truth, trainCount, solve, 1);
    }

    /** As {@link #topLevelNodes(Run, SparseMatrix, int[], int, boolean)}, at costs scaled by {@code costScale}. */
    private TopLevelNodes topLevelNodes(
            Run run, SparseMatrix matrix, int[] truth, int trainCount, boolean solve, double costScale) {
        Taxonomy taxonomy = run.taxonomy();
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
        OneVsRest problem = new OneVsRest(
                        matrix, nodeTruth, nodes, trainCount, hyperparameters, run.pool(), new int[nodes], -1, null)
                .costsScaledBy(costScale);
        if (!solve) {
            return TopLevelNodes.unsolved(problem, nodeOfClass, nodes, hyperparameters);
        }
        TopLevelNodes fitted = TopLevelNodes.fit(problem, nodeOfClass, nodes, hyperparameters);
        LOG.info(
                "top-level nodes: {} solved at C={} (epochs={}), shared with their leaves at {} (validation picks)"
                        + " elapsed={}s",
                nodes,
                fitted.cost(),
                fitted.epochs(),
                hyperparameters.nodeShares(),
                format(seconds(run.start())));
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
