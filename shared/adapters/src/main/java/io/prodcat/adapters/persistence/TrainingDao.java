package io.prodcat.adapters.persistence;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The training ledger {@code auto_training}. */
@RegisterConstructorMapper(TrainingRecord.class)
public interface TrainingDao {

    /** SQLSTATE class of integrity constraint violations (duplicate key among them). */
    String INTEGRITY_VIOLATION = "23";

    @SqlUpdate("""
            INSERT INTO auto_training (id, training_date, dataset_hash, dataset_path, config_hash, run_id,
                best_checkpoint, f1, min_f1, weights_s3, status, error, finished_at, duration_ms, attempt)
            VALUES (:id, :trainingDate, :datasetHash, :datasetPath, :configHash, :runId,
                :bestCheckpoint, :f1, :minF1, :weightsS3, :status, :error, :finishedAt, :durationMs, :attempt)
            """)
    void insert(@BindMethods TrainingRecord row);

    /**
     * Inserts the row unless one for the same (dataset hash, configuration) exists.
     *
     * @return true when this call inserted it; false when another delivery got there first
     */
    default boolean insertIfAbsent(TrainingRecord row) {
        try {
            insert(row);
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(INTEGRITY_VIOLATION)) {
                return false;
            }
            throw e;
        }
    }

    @SqlQuery("SELECT * FROM auto_training WHERE id = :id")
    Optional<TrainingRecord> findById(@Bind("id") UUID id);

    @SqlQuery("SELECT * FROM auto_training WHERE dataset_hash = :datasetHash AND config_hash = :configHash")
    Optional<TrainingRecord> findByDatasetAndConfig(
            @Bind("datasetHash") String datasetHash, @Bind("configHash") String configHash);

    /** The FINISHED training that logged MLflow run {@code runId} (a registered version's source). */
    @SqlQuery(
            "SELECT * FROM auto_training WHERE run_id = :runId AND status = 'FINISHED' ORDER BY training_date DESC LIMIT 1")
    Optional<TrainingRecord> findFinishedByRunId(@Bind("runId") String runId);

    /** The training that made registered version {@code version} (its held-out evaluation names the version). */
    @SqlQuery("""
            SELECT t.* FROM auto_training t
              JOIN model_metrics m ON m.training_id = t.id AND m.evaluated_on = 'holdout'
             WHERE t.status = 'FINISHED' AND m.model_version = :version
             ORDER BY m.timestamp DESC, t.id LIMIT 1
            """)
    Optional<TrainingRecord> ofModelVersion(@Bind("version") String version);

    /**
     * The training whose model was promoted last (by its evaluation's time): the dataset feedback exports build on,
     * so that rows of a refused candidate's dataset never ride along into the next one.
     */
    @SqlQuery("""
            SELECT t.* FROM auto_training t
              JOIN model_metrics m ON m.training_id = t.id AND m.evaluated_on = 'holdout'
             WHERE t.status = 'FINISHED' AND m.promoted
             ORDER BY m.timestamp DESC, t.id LIMIT 1
            """)
    Optional<TrainingRecord> latestPromoted();

    /** The most recent trainings first. */
    @SqlQuery("SELECT * FROM auto_training ORDER BY training_date DESC, id LIMIT :limit")
    List<TrainingRecord> recent(@Bind("limit") int limit);

    /**
     * Takes over a row whose holder is gone: INTERRUPTED, or RUNNING since before {@code staleBefore}.
     * Of concurrent callers exactly one gets 1; the others get 0.
     */
    @SqlUpdate("""
            UPDATE auto_training
               SET status = 'RUNNING', training_date = :now, attempt = attempt + 1, error = NULL,
                   finished_at = NULL, duration_ms = NULL
             WHERE id = :id
               AND (status = 'INTERRUPTED' OR (status = 'RUNNING' AND training_date < :staleBefore))
            """)
    int claim(@Bind("id") UUID id, @Bind("now") Instant now, @Bind("staleBefore") Instant staleBefore);

    @SqlUpdate("UPDATE auto_training SET run_id = :runId WHERE id = :id")
    int recordRunId(@Bind("id") UUID id, @Bind("runId") String runId);

    /** RUNNING → FINISHED with the original system's result columns. */
    @SqlUpdate("""
            UPDATE auto_training
               SET status = 'FINISHED', run_id = :runId, best_checkpoint = :bestCheckpoint, f1 = :f1,
                   min_f1 = :minF1, weights_s3 = :weightsS3, finished_at = :finishedAt, duration_ms = :durationMs,
                   error = NULL
             WHERE id = :id AND status = 'RUNNING'
            """)
    int finish(
            @Bind("id") UUID id,
            @Bind("runId") String runId,
            @Bind("bestCheckpoint") String bestCheckpoint,
            @Bind("f1") double f1,
            @Bind("minF1") double minF1,
            @Bind("weightsS3") String weightsS3,
            @Bind("finishedAt") Instant finishedAt,
            @Bind("durationMs") long durationMs);

    /** The model a finished training followed and what validation kept (see {@link TrainingLineage}). */
    @SqlUpdate("""
            UPDATE auto_training
               SET parent_version = :parentVersion, parent_training_id = :parentTrainingId,
                   start_choice = :startChoice, warm_f1 = :warmF1, cold_check_f1 = :coldCheckF1
             WHERE id = :id
            """)
    int recordLineage(@Bind("id") UUID id, @BindMethods TrainingLineage lineage);

    @SqlQuery("""
            SELECT parent_version, parent_training_id, start_choice, warm_f1, cold_check_f1
              FROM auto_training WHERE id = :id AND start_choice IS NOT NULL
            """)
    @RegisterConstructorMapper(TrainingLineage.class)
    Optional<TrainingLineage> lineageOf(@Bind("id") UUID id);

    /**
     * Sets aside the feedback consumed into training {@code id}'s dataset, when that dataset cannot be trained on: the
     * rows become held with {@code reason} (neither consumed nor waiting) instead of being lost with the dataset.
     *
     * @return how many rows it held
     */
    @SqlUpdate("""
            UPDATE feedback f JOIN auto_training t ON f.consumed_dataset_hash = t.dataset_hash
               SET f.held_reason = LEFT(:reason, 1000), f.held_at = :at, f.consumed_dataset_hash = NULL,
                   f.consumed_dataset_path = NULL, f.consumed_at = NULL, f.export_id = NULL
             WHERE t.id = :id
            """)
    int holdFeedbackOf(@Bind("id") UUID id, @Bind("reason") String reason, @Bind("at") Instant at);

    /** RUNNING → FAILED (bad data) or INTERRUPTED (dependency failure), with the reason. */
    @SqlUpdate("""
            UPDATE auto_training
               SET status = :status, error = :error, finished_at = :finishedAt, duration_ms = :durationMs
             WHERE id = :id AND status = 'RUNNING'
            """)
    int stop(
            @Bind("id") UUID id,
            @Bind("status") TrainingStatus status,
            @Bind("error") String error,
            @Bind("finishedAt") Instant finishedAt,
            @Bind("durationMs") long durationMs);
}
