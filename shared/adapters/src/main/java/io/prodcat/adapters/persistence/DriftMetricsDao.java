package io.prodcat.adapters.persistence;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The drift checks' results ({@code drift_metrics}, plotted by Grafana). */
@RegisterConstructorMapper(DriftMetricsRow.class)
public interface DriftMetricsDao {

    /** One check's rows; a second delivery of the same check changes nothing. */
    @SqlBatch("""
            INSERT IGNORE INTO drift_metrics (check_id, checked_at, model_version, window_start, window_end,
                                              window_size, test, statistic, p_value, threshold, verdict, detail)
            VALUES (:checkId, :checkedAt, :modelVersion, :windowStart, :windowEnd,
                    :windowSize, :test, :statistic, :pValue, :threshold, :verdict, :detail)
            """)
    void insert(@BindMethods List<DriftMetricsRow> rows);

    @SqlQuery("""
            SELECT check_id, checked_at, model_version, window_start, window_end, window_size, test, statistic,
                   p_value, threshold, verdict, detail
            FROM drift_metrics WHERE check_id = :checkId ORDER BY id
            """)
    List<DriftMetricsRow> ofCheck(@Bind("checkId") UUID checkId);
}
