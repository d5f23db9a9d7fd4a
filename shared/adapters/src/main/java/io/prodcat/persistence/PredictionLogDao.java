package io.prodcat.persistence;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** predict's answers ({@code prediction_log}): written in batches, read by window for the drift check. */
public interface PredictionLogDao {

    @SqlBatch("""
            INSERT INTO prediction_log (predicted_at, model_version, label, probability, top_label, top_probability,
                                        text_length, text_hash, text)
            VALUES (:predictedAt, :modelVersion, :label, :probability, :topLabel, :topProbability,
                    :textLength, :textHash, :text)
            """)
    void insert(@BindMethods List<PredictionLogRow> rows);

    /** Deletes at most {@code limit} rows older than {@code before}; returns how many. */
    @SqlUpdate("DELETE FROM prediction_log WHERE predicted_at < :before LIMIT :limit")
    int deleteOlderThan(@Bind("before") Instant before, @Bind("limit") int limit);

    @SqlQuery("""
            SELECT COUNT(*) FROM prediction_log
            WHERE model_version = :version AND predicted_at >= :from AND predicted_at < :to
            """)
    int count(@Bind("version") String modelVersion, @Bind("from") Instant from, @Bind("to") Instant to);

    /** The answered labels of the window, one per answer. */
    @SqlQuery("""
            SELECT label FROM prediction_log
            WHERE model_version = :version AND predicted_at >= :from AND predicted_at < :to
            """)
    List<String> labels(@Bind("version") String modelVersion, @Bind("from") Instant from, @Bind("to") Instant to);

    @SqlQuery("""
            SELECT probability FROM prediction_log
            WHERE model_version = :version AND predicted_at >= :from AND predicted_at < :to
            """)
    List<Double> probabilities(
            @Bind("version") String modelVersion, @Bind("from") Instant from, @Bind("to") Instant to);

    /** The logged texts of the window (rows logged without text are left out), newest first. */
    @SqlQuery("""
            SELECT text FROM prediction_log
            WHERE model_version = :version AND predicted_at >= :from AND predicted_at < :to AND text IS NOT NULL
            ORDER BY predicted_at DESC LIMIT :limit
            """)
    List<String> texts(
            @Bind("version") String modelVersion,
            @Bind("from") Instant from,
            @Bind("to") Instant to,
            @Bind("limit") int limit);
}
