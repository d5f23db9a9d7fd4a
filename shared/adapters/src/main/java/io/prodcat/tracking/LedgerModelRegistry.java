package io.prodcat.tracking;

import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The model registry kept in the ledger tables, for when MLflow is switched off ({@link UntrackedRuns}): a version
 * is the {@code model_metrics.model_version} of a training's evaluation, its weights the training's
 * {@code auto_training.weights_s3}, and alias {@code champion} the latest-evaluated promoted version (so a rollback to an older version is not
 * expressible). Only that one
 * alias exists, and only one registered model (the name is not stored); enough for one chain, not a registry.
 */
public final class LedgerModelRegistry implements ModelRegistry {

    private static final String CHAMPION = "champion";

    private final Jdbi jdbi;

    public LedgerModelRegistry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void ensureRegisteredModel(String name) {
    }

    /** The next number; it is stored when the evaluation records it in {@code model_metrics.model_version}. */
    @Override
    public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
        int next = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COALESCE(MAX(CAST(model_version AS UNSIGNED)), 0) + 1 FROM model_metrics")
                .mapTo(Integer.class).one());
        return new ModelVersion(name, Integer.toString(next), sourceUri, runId, tags);
    }

    @Override
    public Optional<ModelVersion> findVersionByRun(String name, String runId) {
        return find(name, "m.run_id = :runId AND m.model_version IS NOT NULL", Map.of("runId", runId));
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        requireChampion(alias);
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE model_metrics SET promoted = TRUE WHERE model_version = :version")
                .bind("version", version).execute());
    }

    @Override
    public Optional<ModelVersion> findByAlias(String name, String alias) {
        requireChampion(alias);
        return find(name, "m.promoted AND m.model_version IS NOT NULL", Map.of());
    }

    private Optional<ModelVersion> find(String name, String condition, Map<String, String> arguments) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT m.model_version, t.weights_s3, m.run_id FROM model_metrics m
                        JOIN auto_training t ON t.id = m.training_id WHERE\s""" + condition
                        + " ORDER BY m.timestamp DESC LIMIT 1")
                .bindMap(arguments)
                .map((rs, ctx) -> new ModelVersion(name, rs.getString(1), rs.getString(2), rs.getString(3), Map.of()))
                .findOne());
    }

    private static void requireChampion(String alias) {
        if (!CHAMPION.equals(alias)) {
            throw new TrackingException("the ledger registry knows only alias '" + CHAMPION + "', not '" + alias + "'", null);
        }
    }
}
