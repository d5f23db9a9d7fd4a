package io.prodcat.tracking;

import io.prodcat.persistence.LedgerRegistryDao;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The model registry kept in the ledger tables, for when MLflow is switched off ({@link UntrackedRuns}): a version
 * is the {@code model_metrics.model_version} of a training's evaluation, its weights the training's
 * {@code auto_training.weights_s3}, and alias {@code champion} the latest-evaluated promoted version (so a rollback to
 * an older version is not expressible). Only that one alias exists, and only one registered model (the name is not
 * stored); enough for one chain, not a registry. The SQL is in {@link LedgerRegistryDao}.
 */
public final class LedgerModelRegistry implements ModelRegistry {

    private static final String CHAMPION = "champion";

    private final LedgerRegistryDao ledger;

    public LedgerModelRegistry(Jdbi jdbi) {
        this.ledger = jdbi.onDemand(LedgerRegistryDao.class);
    }

    @Override
    public void ensureRegisteredModel(String name) {}

    /** The next number; it is stored when the evaluation records it in {@code model_metrics.model_version}. */
    @Override
    public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
        return new ModelVersion(name, Integer.toString(ledger.nextVersion()), sourceUri, runId, tags);
    }

    @Override
    public Optional<ModelVersion> findVersionByRun(String name, String runId) {
        return ledger.findByRun(runId).map(row -> version(name, row));
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        requireChampion(alias);
        ledger.markPromoted(version);
    }

    @Override
    public Optional<ModelVersion> findByAlias(String name, String alias) {
        requireChampion(alias);
        return ledger.findChampion().map(row -> version(name, row));
    }

    private static ModelVersion version(String name, LedgerRegistryDao.VersionRow row) {
        return new ModelVersion(name, row.modelVersion(), row.weightsS3(), row.runId(), Map.of());
    }

    private static void requireChampion(String alias) {
        if (!CHAMPION.equals(alias)) {
            throw new TrackingException(
                    "the ledger registry knows only alias '" + CHAMPION + "', not '" + alias + "'", null);
        }
    }
}
