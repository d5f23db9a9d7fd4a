package io.prodcat.engine.model;

import java.time.Instant;
import java.util.Map;

/**
 * Where a model came from, stored inside its file.
 *
 * @param datasetSha1     SHA-1 of the training dataset's bytes
 * @param trainingRows    rows the final weights were fitted on
 * @param hyperparameters every training setting, as text (key → value)
 * @param configHash      fingerprint of the settings (the ledger's config_hash)
 * @param seed            the random seed
 * @param bestCheckpoint  the checkpoint chosen on validation
 * @param versions        library and runtime versions (prodcat, java)
 * @param createdAt       when training finished
 * @param chosen          the setting validation chose (null in models from before 2026-12-07)
 * @param lineage         the model this one was started from (null: trained from zero without a parent)
 */
public record Provenance(
        String datasetSha1,
        int trainingRows,
        Map<String, String> hyperparameters,
        String configHash,
        long seed,
        String bestCheckpoint,
        Map<String, String> versions,
        Instant createdAt,
        ChosenSetting chosen,
        Lineage lineage) {

    public Provenance {
        hyperparameters = Map.copyOf(hyperparameters);
        versions = Map.copyOf(versions);
    }
}
