package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.predict.log.PredictionLog;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The prediction log under load, against a real MariaDB: while another session holds a write lock on the table (the
 * database stalls every insert), recording stays instant, the buffer stays bounded and what does not fit is dropped
 * and counted; once the lock goes, what was buffered is written.
 */
@ExtendWith(MariaDbExtension.class)
class PredictionLogIT {

    private static DataSource dataSource;
    private static Jdbi jdbi;

    @BeforeAll
    static void database(MariaDbServer mariaDb) {
        dataSource = mariaDb.dataSource(mariaDb.createDatabase("prediction_log"));
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
    }

    @BeforeEach
    void empty() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM prediction_log"));
    }

    @Test
    void aStalledDatabaseCostsDroppedRowsNotWaitingRequests() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PredictProperties.PredictionLog settings =
                new PredictProperties.PredictionLog(1.0, 100, 50, Duration.ofMillis(20), Duration.ofDays(30), false);
        try (Connection locker = dataSource.getConnection();
                PredictionLog log = new PredictionLog(() -> jdbi, settings, meters, Clock.systemUTC())) {
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLES prediction_log WRITE");
            }
            Thread.sleep(100); // the writer takes its first batch and stalls on the lock
            long start = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                log.record("v1", "title " + i, "dairy", 0.9, null, null);
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // 5,000 offers to a full buffer: nothing waited for the database (a blocked insert would take 50 s here)
            assertThat(tookMillis).isLessThan(2_000);
            double dropped = meters.counter("prodcat.prediction.log.rows", "outcome", "dropped")
                    .count();
            double buffered =
                    meters.get("prodcat.prediction.log.buffered").gauge().value();
            assertThat(buffered).isLessThanOrEqualTo(100);
            // at most one batch in the stalled insert and a full buffer are kept; the rest is counted as dropped
            assertThat(dropped).isGreaterThanOrEqualTo(5_000 - 100 - 50);
            try (Statement unlock = locker.createStatement()) {
                unlock.execute("UNLOCK TABLES");
            }
            long kept = 5_000 - (long) dropped;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (rows() < kept && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rows()).isEqualTo(kept);
            assertThat(meters.counter("prodcat.prediction.log.rows", "outcome", "written")
                            .count())
                    .isEqualTo(kept);
        }
    }

    @Test
    void samplingKeepsAboutItsShareAndRetentionDeletesOldRows() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        PredictionLog old = new PredictionLog(
                () -> jdbi,
                new PredictProperties.PredictionLog(1.0, 100, 50, Duration.ofDays(1), Duration.ofDays(30), true),
                meters,
                Clock.fixed(now.minus(Duration.ofDays(31)), ZoneOffset.UTC));
        old.record("v1", "an old title", "dairy", 0.5, null, null);
        old.writeBuffered(); // written; 31 days before "now"
        old.close();
        assertThat(rows()).isEqualTo(1);
        String text = jdbi.withHandle(handle -> handle.createQuery("SELECT text FROM prediction_log")
                .mapTo(String.class)
                .one());
        assertThat(text).isEqualTo("an old title");

        PredictionLog sampled = new PredictionLog(
                () -> jdbi,
                new PredictProperties.PredictionLog(0.25, 10_000, 500, Duration.ofDays(1), Duration.ofDays(30), false),
                new SimpleMeterRegistry(),
                Clock.fixed(now, ZoneOffset.UTC));
        for (int i = 0; i < 4_000; i++) {
            sampled.record("v1", "title " + i, "dairy", 0.5, "dairy eggs", 0.7);
        }
        sampled.writeBuffered(); // writes today's rows and sweeps those past the retention
        sampled.close();
        long logged = rows();
        // 4,000 draws at 0.25: 1,000 expected, standard deviation 27; 6 of them either side
        assertThat(logged).isBetween(840L, 1_160L);
        long textsOrExpired = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM prediction_log WHERE text IS NOT NULL OR predicted_at < :cut")
                .bind("cut", now.minus(Duration.ofDays(30)))
                .mapTo(Long.class)
                .one());
        assertThat(textsOrExpired).isZero();
    }

    private static long rows() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM prediction_log")
                .mapTo(Long.class)
                .one());
    }
}
