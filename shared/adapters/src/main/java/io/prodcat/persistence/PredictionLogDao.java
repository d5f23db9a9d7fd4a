package io.prodcat.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** predict's answers ({@code prediction_log}): written in batches, read by window for the drift check. */
public interface PredictionLogDao {

    /**
     * Writes the rows as one batch (one multi-row INSERT with the pool's {@code rewriteBatchedStatements}), binding
     * through plain JDBC: predict writes hundreds of rows a second beside its requests, and binding each row's nine
     * values through Jdbi's reflection cost as much CPU as a fifth of the requests (measured: bench/drift.sh).
     */
    static void insert(Jdbi jdbi, List<PredictionLogRow> rows) {
        jdbi.useHandle(handle -> {
            try (PreparedStatement insert = handle.getConnection().prepareStatement("""
                    INSERT INTO prediction_log (predicted_at, model_version, label, probability, top_label,
                                                top_probability, text_length, text_hash, text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                for (PredictionLogRow row : rows) {
                    insert.setObject(1, LocalDateTime.ofInstant(row.predictedAt(), ZoneOffset.UTC));
                    insert.setString(2, row.modelVersion());
                    insert.setString(3, row.label());
                    insert.setDouble(4, row.probability());
                    insert.setString(5, row.topLabel());
                    if (row.topProbability() == null) {
                        insert.setNull(6, Types.DOUBLE);
                    } else {
                        insert.setDouble(6, row.topProbability());
                    }
                    insert.setInt(7, row.textLength());
                    insert.setString(8, row.textHash());
                    insert.setString(9, row.text());
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException("cannot write prediction_log", e, null);
            }
        });
    }

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
