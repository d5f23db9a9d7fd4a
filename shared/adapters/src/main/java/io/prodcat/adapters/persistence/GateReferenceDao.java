package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The gate's trusted references ({@code gate_reference}) and the versions' figures on them (see V14). */
@RegisterConstructorMapper(GateReferenceRow.class)
public interface GateReferenceDao {

    /** The reference in force: the latest. */
    @SqlQuery("SELECT * FROM gate_reference ORDER BY id DESC LIMIT 1")
    Optional<GateReferenceRow> current();

    /** Every reference, the latest first. */
    @SqlQuery("SELECT * FROM gate_reference ORDER BY id DESC LIMIT :limit")
    List<GateReferenceRow> history(@Bind("limit") int limit);

    /** How many references, in force or not, came from {@code source}. */
    @SqlQuery("SELECT COUNT(*) FROM gate_reference WHERE source = :source")
    long countFrom(@Bind("source") String source);

    /** @return the new row's id */
    @SqlUpdate("""
            INSERT INTO gate_reference (created_at, created_by, source, reason, csv_uri, csv_sha1, row_count)
            VALUES (:createdAt, :createdBy, :source, :reason, :csvUri, :csvSha1, :rowCount)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods GateReferenceRow row);

    /** A version's figures on a reference; the first recording stays (a redelivery scores the same). */
    @SqlUpdate("""
            INSERT IGNORE INTO reference_score (model_version, reference_id, macro_f1, class_f1, class_rows, recorded_at)
            VALUES (:version, :reference, :macroF1, :classF1, :classRows, :at)
            """)
    void recordScore(
            @Bind("version") String version,
            @Bind("reference") long referenceId,
            @Bind("macroF1") double macroF1,
            @Bind("classF1") String classF1Json,
            @Bind("classRows") String classRowsJson,
            @Bind("at") Instant at);

    /** What {@link #recordScore} stored. */
    record Score(double macroF1, String classF1, String classRows) {}

    @SqlQuery("""
            SELECT macro_f1, class_f1, class_rows FROM reference_score
             WHERE model_version = :version AND reference_id = :reference
            """)
    @RegisterConstructorMapper(Score.class)
    Optional<Score> score(@Bind("version") String version, @Bind("reference") long referenceId);

    /** Which reference the gate judged an evaluation on. */
    @SqlUpdate("UPDATE model_metrics SET gate_reference_id = :reference WHERE id = :metricsId")
    int judgedOn(@Bind("metricsId") long metricsId, @Bind("reference") long referenceId);
}
