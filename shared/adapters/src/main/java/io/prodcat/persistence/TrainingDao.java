package io.prodcat.persistence;

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

    /** The most recently started FINISHED training. */
    @SqlQuery("SELECT * FROM auto_training WHERE status = 'FINISHED' ORDER BY training_date DESC, id LIMIT 1")
    Optional<TrainingRecord> latestFinished();

    /**
     * The most recent FINISHED training other than {@code excluded} whose dataset contains no feedback (no feedback
     * row was consumed into a dataset with its hash): its held-out rows are the default trusted reference set.
     */
    @SqlQuery("""
            SELECT * FROM auto_training t
             WHERE t.status = 'FINISHED' AND t.id <> :excluded
               AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.consumed_dataset_hash = t.dataset_hash)
             ORDER BY t.training_date DESC, t.id LIMIT 1
            """)
    Optional<TrainingRecord> latestFinishedWithoutFeedback(@Bind("excluded") UUID excluded);

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
