package io.prodcat.train;

import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.Fingerprint;
import io.prodcat.engine.taxonomy.Taxonomy;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.function.support.HeapBudget;
import java.time.Duration;

/**
 * What a training needs besides the data, free of Spring types.
 *
 * @param schema          CSV columns
 * @param hyperparameters engine settings
 * @param holdoutFraction share of titles kept out of training, for evaluate ({@link io.prodcat.engine.dataset.TextKeySplit})
 * @param holdoutSeed     salt of the titles' hashes that decide that split
 * @param maxDatasetBytes larger datasets fail (by default what {@code heap} can train on)
 * @param heap            what this instance can hold: larger datasets are refused before they are read
 * @param runningTimeout  age after which a RUNNING row is taken over
 * @param modelBucket     where model files go
 * @param experiment      MLflow experiment name
 * @param pathSeparator   labels containing it are category paths (null: labels are always flat)
 */
record TrainingSettings(
        DatasetSchema schema,
        Hyperparameters hyperparameters,
        double holdoutFraction,
        long holdoutSeed,
        long maxDatasetBytes,
        HeapBudget heap,
        Duration runningTimeout,
        String modelBucket,
        String experiment,
        String pathSeparator) {

    TrainingSettings {
        if (!(holdoutFraction > 0 && holdoutFraction < 0.5)) {
            throw new IllegalArgumentException("holdout fraction must be in (0, 0.5), got " + holdoutFraction);
        }
        if (pathSeparator != null && pathSeparator.isBlank()) {
            pathSeparator = null;
        }
        if (maxDatasetBytes < 1) {
            throw new IllegalArgumentException("max dataset bytes must be positive, got " + maxDatasetBytes);
        }
    }

    /** The same settings on an instance with another heap (the configuration hash does not change). */
    TrainingSettings withHeap(HeapBudget other) {
        return new TrainingSettings(
                schema,
                hyperparameters,
                holdoutFraction,
                holdoutSeed,
                maxDatasetBytes,
                other,
                runningTimeout,
                modelBucket,
                experiment,
                pathSeparator);
    }

    /** The separator when these labels are paths (some label contains it); null when they are flat. */
    String pathSeparatorFor(java.util.List<String> labels) {
        return Taxonomy.separatorFor(labels, pathSeparator);
    }

    /** The ledger's config_hash: SHA-1 of everything that changes the model (not the thread count). */
    String configHash() {
        String canonical = HyperparameterOverrides.describe(hyperparameters) + "|text=" + schema.textColumns()
                + "|label=" + schema.labelColumn() + "|holdout=" + holdoutFraction + "@" + holdoutSeed + "/text-key"
                + "|paths=" + pathSeparator;
        return Fingerprint.sha1Hex(canonical);
    }
}
