package io.prodcat.engine.training;

import io.prodcat.engine.features.FeatureConfig;
import java.util.List;

/**
 * Everything that shapes a trained model, validated. The defaults work without tuning.
 *
 * @param features           text → features
 * @param costs              SVM cost C path, ascending; each (cost, class weighting) pair is one checkpoint
 * @param classWeightPowers  class c's rows weigh (n / (k · n_c))^power; 0 = unweighted, 1 = "balanced". The
 *                           first walks the cost path, each other is one checkpoint at the best cost
 * @param validationFraction share of each class held out to score checkpoints
 * @param tuneClassOffsets   shift per-class decision offsets to maximise validation macro-F1
 * @param negativeSample     with labels that are paths, how many of the rows outside a leaf's parent node its binary
 *                           problem samples (each standing for its share of them); the rows under the parent
 *                           (siblings: the hard negatives) always take part. 0 = every row (exact one-vs-rest);
 *                           {@link #AUTO_NEGATIVE_SAMPLE} = {@link #AUTO_SAMPLE_SIZE} when training rows × classes
 *                           exceed {@link #AUTO_SAMPLE_ABOVE}, else every row
 * @param nodeShares         with labels that are paths in two or more levels, the shares of a top-level node's score
 *                           (a one-vs-rest model over those nodes) added to the scores of its leaves that every
 *                           checkpoint is scored with; the validation picks. 0 = the leaves alone; only 0: no nodes
 * @param compactionTolerance the most the weights compaction drops may move a class's score on any training row
 *                           (a class's threshold is lowered until they move it less); infinite: one threshold for
 *                           every class, the rule before
 * @param refit              after choosing the checkpoint, refit it on all rows (training + validation)
 * @param tolerance          solver stopping tolerance on the projected gradient (LIBLINEAR's eps)
 * @param maxEpochs          solver passes at most per checkpoint
 * @param seed               seeds the split and the solver's coordinate order
 * @param threads            worker threads; 0 = one per core (does not change the result)
 */
public record Hyperparameters(
        FeatureConfig features,
        List<Double> costs,
        List<Double> classWeightPowers,
        double validationFraction,
        boolean tuneClassOffsets,
        int negativeSample,
        List<Double> nodeShares,
        double compactionTolerance,
        boolean refit,
        double tolerance,
        int maxEpochs,
        long seed,
        int threads) {

    /** See docs/ENGINE.md "Model file": chosen on the validation rows of five catalogues. */
    public static final double DEFAULT_COMPACTION_TOLERANCE = 0.05;

    public static final Hyperparameters DEFAULT = new Hyperparameters(
            FeatureConfig.DEFAULT,
            List.of(0.125, 0.25, 0.5, 1.0),
            List.of(0.5, 0.0),
            0.15,
            true,
            -1,
            List.of(0.0, 0.5, 1.0),
            DEFAULT_COMPACTION_TOLERANCE,
            true,
            0.1,
            200,
            42L,
            0);

    /** The default {@code negativeSample}: sample only problems too large to solve exactly in minutes. */
    public static final int AUTO_NEGATIVE_SAMPLE = -1;
    /** Rows × classes above which the automatic choice samples (the aisles taxonomy: 4.6 million, exact). */
    public static final long AUTO_SAMPLE_ABOVE = 20_000_000L;
    /** The sample the automatic choice takes (1,000 leaves: 8x faster, 0.0035 leaf macro-F1 lost). */
    public static final int AUTO_SAMPLE_SIZE = 4000;

    public Hyperparameters {
        costs = List.copyOf(costs);
        classWeightPowers = List.copyOf(classWeightPowers);
        nodeShares = List.copyOf(nodeShares);
        if (nodeShares.isEmpty() || nodeShares.stream().anyMatch(share -> !(share >= 0 && share <= 10))) {
            throw new IllegalArgumentException(
                    "nodeShares must be a non-empty list of values in [0, 10] (0: the leaves alone), got "
                            + nodeShares);
        }
        if (costs.isEmpty() || costs.stream().anyMatch(c -> !(c > 0 && c <= 1e4))) {
            throw new IllegalArgumentException("costs must be a non-empty list of values in (0, 10000], got " + costs);
        }
        for (int i = 1; i < costs.size(); i++) {
            if (costs.get(i) <= costs.get(i - 1)) {
                throw new IllegalArgumentException(
                        "costs must be strictly ascending (a warm-started path), got " + costs);
            }
        }
        if (classWeightPowers.isEmpty() || classWeightPowers.stream().anyMatch(p -> !(p >= 0 && p <= 2))) {
            throw new IllegalArgumentException(
                    "classWeightPowers must be a non-empty list of values in [0, 2], got " + classWeightPowers);
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 0.5), got " + validationFraction);
        }
        if (!(compactionTolerance > 0)) {
            throw new IllegalArgumentException("compactionTolerance must be above 0, got " + compactionTolerance);
        }
        if (!(tolerance > 0) || maxEpochs < 1 || threads < 0 || negativeSample < AUTO_NEGATIVE_SAMPLE) {
            throw new IllegalArgumentException("need tolerance > 0, maxEpochs >= 1, threads >= 0, negativeSample >= -1;"
                    + " got " + tolerance + ", " + maxEpochs + ", " + threads + ", " + negativeSample);
        }
    }

    /** The negatives each class's problem samples for this many training rows and classes; 0 = every row. */
    public int effectiveNegativeSample(long rows, long classes) {
        if (negativeSample != AUTO_NEGATIVE_SAMPLE) {
            return negativeSample;
        }
        return rows * classes > AUTO_SAMPLE_ABOVE ? AUTO_SAMPLE_SIZE : 0;
    }

    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** SHA-1 of every setting that can change the model (not {@code threads}): the ledger's config_hash. */
    public String fingerprint() {
        return io.prodcat.engine.dataset.Fingerprint.sha1Hex(
                HyperparameterOverrides.describe(this).toString());
    }

    public Hyperparameters withThreads(int value) {
        return new Hyperparameters(
                features,
                costs,
                classWeightPowers,
                validationFraction,
                tuneClassOffsets,
                negativeSample,
                nodeShares,
                compactionTolerance,
                refit,
                tolerance,
                maxEpochs,
                seed,
                value);
    }
}
