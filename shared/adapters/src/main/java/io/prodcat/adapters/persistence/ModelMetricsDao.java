package io.prodcat.adapters.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Evaluation figures in {@code model_metrics}, which Grafana plots. */
@RegisterConstructorMapper(ModelMetricsRow.class)
public interface ModelMetricsDao {

    /**
     * @return the new row's id
     * @throws org.jdbi.v3.core.statement.UnableToExecuteStatementException on a second row for the same
     *         (training, evaluated data)
     */
    @SqlUpdate("""
            INSERT INTO model_metrics (timestamp, f1, min_f1, accuracy, weighted_f1, run_id, training_id,
                model_version, evaluated_on, sample_count)
            VALUES (:timestamp, :f1, :minF1, :accuracy, :weightedF1, :runId, :trainingId,
                :modelVersion, :evaluatedOn, :sampleCount)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods ModelMetricsRow row);

    @SqlQuery("SELECT * FROM model_metrics WHERE training_id = :trainingId AND evaluated_on = :evaluatedOn")
    Optional<ModelMetricsRow> findByTraining(
            @Bind("trainingId") UUID trainingId, @Bind("evaluatedOn") String evaluatedOn);

    @SqlUpdate("UPDATE model_metrics SET model_version = :modelVersion WHERE id = :id")
    int setModelVersion(@Bind("id") long id, @Bind("modelVersion") String modelVersion);

    /** Whether the row's figures and charts were logged to its run. */
    @SqlQuery("SELECT reported FROM model_metrics WHERE id = :id")
    boolean reported(@Bind("id") long id);

    @SqlUpdate("UPDATE model_metrics SET reported = TRUE WHERE id = :id")
    int markReported(@Bind("id") long id);

    @SqlQuery("SELECT gate_verdict, gate_reason, gate_champion FROM model_metrics WHERE id = :id")
    @RegisterConstructorMapper(GateRecord.class)
    GateRecord gate(@Bind("id") long id);

    /** The gate's verdict, before the alias is set: a redelivery finishes what the verdict says. */
    @SqlUpdate("""
            UPDATE model_metrics SET gate_verdict = :gateVerdict, gate_reason = :gateReason,
                gate_champion = :gateChampion
             WHERE id = :id
            """)
    int recordGate(@Bind("id") long id, @BindMethods GateRecord gate);

    /** Records that this training's model became the champion (all its rows). */
    @SqlUpdate("UPDATE model_metrics SET promoted = TRUE WHERE training_id = :trainingId")
    int markPromoted(@Bind("trainingId") UUID trainingId);

    /**
     * Records an evaluation's figures per tree level, its hierarchical F1 and its back-off points; repeating it
     * overwrites, never duplicates (a redelivered event may run it again).
     */
    @Transaction
    default void recordHierarchy(
            long metricsId, double hierarchicalF1, List<LevelMetricsRow> levels, List<BackOffRow> backOff) {
        setHierarchicalF1(metricsId, hierarchicalF1);
        upsertLevels(levels);
        upsertBackOff(backOff);
    }

    @SqlUpdate("UPDATE model_metrics SET hierarchical_f1 = :value WHERE id = :id")
    int setHierarchicalF1(@Bind("id") long id, @Bind("value") double value);

    @SqlBatch("""
            INSERT INTO model_metrics_level (metrics_id, level, classes, f1, min_f1, accuracy)
            VALUES (:metricsId, :level, :classes, :f1, :minF1, :accuracy)
            ON DUPLICATE KEY UPDATE classes = VALUES(classes), f1 = VALUES(f1), min_f1 = VALUES(min_f1),
                accuracy = VALUES(accuracy)
            """)
    void upsertLevels(@BindMethods List<LevelMetricsRow> levels);

    @SqlBatch("""
            INSERT INTO model_metrics_back_off (metrics_id, min_confidence, answered, leaf_answered, accuracy)
            VALUES (:metricsId, :minConfidence, :answered, :leafAnswered, :accuracy)
            ON DUPLICATE KEY UPDATE answered = VALUES(answered), leaf_answered = VALUES(leaf_answered),
                accuracy = VALUES(accuracy)
            """)
    void upsertBackOff(@BindMethods List<BackOffRow> points);

    @SqlQuery("SELECT * FROM model_metrics_level WHERE metrics_id = :id ORDER BY level")
    @RegisterConstructorMapper(LevelMetricsRow.class)
    List<LevelMetricsRow> levels(@Bind("id") long metricsId);

    @SqlQuery("SELECT * FROM model_metrics_back_off WHERE metrics_id = :id ORDER BY min_confidence")
    @RegisterConstructorMapper(BackOffRow.class)
    List<BackOffRow> backOff(@Bind("id") long metricsId);

    /** The latest evaluations on {@code evaluatedOn} data, oldest first (for plots over time). */
    @SqlQuery("""
            SELECT * FROM (
                SELECT * FROM model_metrics WHERE evaluated_on = :evaluatedOn ORDER BY timestamp DESC, id DESC LIMIT :limit
            ) latest ORDER BY timestamp, id
            """)
    List<ModelMetricsRow> history(@Bind("evaluatedOn") String evaluatedOn, @Bind("limit") int limit);
}
