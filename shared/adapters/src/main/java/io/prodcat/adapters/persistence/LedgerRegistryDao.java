package io.prodcat.adapters.persistence;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The model registry's view of the ledger tables, for when MLflow is switched off: a version is the
 * {@code model_metrics.model_version} of a training's evaluation, its weights the training's {@code weights_s3}.
 */
@RegisterConstructorMapper(LedgerRegistryDao.VersionRow.class)
public interface LedgerRegistryDao {

    /** A registered version: its number, the model file, the run that made it. */
    record VersionRow(String modelVersion, String weightsS3, String runId) {}

    /** The number the next registered version gets (1 for the first). */
    @SqlQuery("SELECT COALESCE(MAX(CAST(model_version AS UNSIGNED)), 0) + 1 FROM model_metrics")
    int nextVersion();

    /** The version run {@code runId} registered, if any. */
    @SqlQuery("""
            SELECT m.model_version, t.weights_s3, m.run_id FROM model_metrics m
            JOIN auto_training t ON t.id = m.training_id
            WHERE m.run_id = :runId AND m.model_version IS NOT NULL
            ORDER BY m.timestamp DESC LIMIT 1
            """)
    Optional<VersionRow> findByRun(@Bind("runId") String runId);

    /** The champion: the latest-evaluated promoted version. */
    @SqlQuery("""
            SELECT m.model_version, t.weights_s3, m.run_id FROM model_metrics m
            JOIN auto_training t ON t.id = m.training_id
            WHERE m.promoted AND m.model_version IS NOT NULL
            ORDER BY m.timestamp DESC LIMIT 1
            """)
    Optional<VersionRow> findChampion();

    /** The version with that number, if an evaluation registered it. */
    @SqlQuery("""
            SELECT m.model_version, t.weights_s3, m.run_id FROM model_metrics m
            JOIN auto_training t ON t.id = m.training_id
            WHERE m.model_version = :version
            ORDER BY m.timestamp DESC LIMIT 1
            """)
    Optional<VersionRow> findVersion(@Bind("version") String version);

    @SqlUpdate("UPDATE model_metrics SET promoted = TRUE WHERE model_version = :version")
    int markPromoted(@Bind("version") String version);
}
