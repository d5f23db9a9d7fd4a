package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code version_traffic} (V12): what predict's instances did with each model version, by minute. */
public interface VersionTrafficDao {

    /** One instance's counts for one version and minute: added to what the row holds. */
    record Counts(
            String modelVersion,
            Instant minute,
            String instanceId,
            long answered,
            long failed,
            long compared,
            long agreed,
            long shadowFailed,
            long compareDropped) {}

    @SqlUpdate("""
            INSERT INTO version_traffic (model_version, minute, instance_id, answered, failed, compared,
                                         agreed, shadow_failed, compare_dropped)
            VALUES (:modelVersion, :minute, :instanceId, :answered, :failed, :compared, :agreed,
                    :shadowFailed, :compareDropped)
            ON DUPLICATE KEY UPDATE answered = answered + VALUES(answered), failed = failed + VALUES(failed),
                compared = compared + VALUES(compared),
                agreed = agreed + VALUES(agreed),
                shadow_failed = shadow_failed + VALUES(shadow_failed),
                compare_dropped = compare_dropped + VALUES(compare_dropped)
            """)
    void add(@BindMethods Counts counts);

    /** A version's counts over all instances, from the minute holding {@code since} on. */
    record Totals(long answered, long failed, long compared, long agreed, long shadowFailed, long compareDropped) {}

    @SqlQuery("""
            SELECT COALESCE(SUM(answered), 0) AS answered, COALESCE(SUM(failed), 0) AS failed,
                   COALESCE(SUM(compared), 0) AS compared, COALESCE(SUM(agreed), 0) AS agreed,
                   COALESCE(SUM(shadow_failed), 0) AS shadow_failed, COALESCE(SUM(compare_dropped), 0) AS compare_dropped
            FROM version_traffic
            WHERE model_version = :version AND minute >= :fromMinute
            """)
    @RegisterConstructorMapper(Totals.class)
    Totals fromMinute(@Bind("version") String modelVersion, @Bind("fromMinute") Instant fromMinute);

    default Totals since(String modelVersion, Instant since) {
        return fromMinute(modelVersion, since.truncatedTo(ChronoUnit.MINUTES));
    }
}
