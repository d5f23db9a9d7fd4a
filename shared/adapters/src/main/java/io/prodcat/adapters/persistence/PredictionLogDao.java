package io.prodcat.adapters.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** predict's answers ({@code prediction_log}): written in batches, read by window for the drift check. */
public interface PredictionLogDao {

    /**
     * Writes the rows as one multi-row INSERT whose text is built here: predict writes hundreds of rows a second
     * beside its requests, and every cheaper microsecond per row is less time its requests share the CPU with the
     * writer. Strings go in as hex literals with their character set ({@code _utf8mb4 X'…'}): nothing in a label or
     * text can end the literal, so no escaping is needed; times as UTC wall-clock literals, like every other time.
     * Measured on 100-row batches (bench/drift.sh, docs/PERFORMANCE.md): about a third of the client CPU of the
     * driver's prepared, rewritten batch.
     */
    static void insert(Jdbi jdbi, List<PredictionLogRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(rows.size() * 200 + 200)
                .append("INSERT INTO prediction_log (predicted_at, model_version, label, probability, top_label,"
                        + " top_probability, text_length, text_hash, text) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            PredictionLogRow row = rows.get(i);
            sql.append(i == 0 ? "(" : ",(");
            dateTime(sql, row.predictedAt()).append(',');
            hex(sql, row.modelVersion()).append(',');
            hex(sql, row.label()).append(',');
            number(sql, row.probability()).append(',');
            hex(sql, row.topLabel()).append(',');
            (row.topProbability() == null ? sql.append("NULL") : number(sql, row.topProbability())).append(',');
            sql.append(row.textLength()).append(',');
            hex(sql, row.textHash()).append(',');
            hex(sql, row.text()).append(')');
        }
        jdbi.useHandle(handle -> {
            try (Statement insert = handle.getConnection().createStatement()) {
                insert.executeUpdate(sql.toString());
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException("cannot write prediction_log", e, null);
            }
        });
    }

    private static StringBuilder hex(StringBuilder sql, String value) {
        if (value == null) {
            return sql.append("NULL");
        }
        sql.append("_utf8mb4 X'");
        HexFormat.of().formatHex(sql, value.getBytes(StandardCharsets.UTF_8));
        return sql.append('\'');
    }

    /** A probability; one that is not finite (never, from a softmax) as 0, so that a batch is never refused. */
    private static StringBuilder number(StringBuilder sql, double value) {
        return sql.append(Double.isFinite(value) ? value : 0);
    }

    /** {@code 'yyyy-MM-dd HH:mm:ss.SSS'} in UTC. */
    private static StringBuilder dateTime(StringBuilder sql, Instant at) {
        LocalDateTime utc = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        sql.append('\'').append(utc.getYear()).append('-');
        twoDigits(sql, utc.getMonthValue()).append('-');
        twoDigits(sql, utc.getDayOfMonth()).append(' ');
        twoDigits(sql, utc.getHour()).append(':');
        twoDigits(sql, utc.getMinute()).append(':');
        twoDigits(sql, utc.getSecond()).append('.');
        int millis = utc.getNano() / 1_000_000;
        return sql.append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append('\'');
    }

    private static StringBuilder twoDigits(StringBuilder sql, int value) {
        return sql.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
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
