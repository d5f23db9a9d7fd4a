package io.prodcat.adapters.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry kept in the ledger tables (tracking switched off), against real MariaDB. */
@ExtendWith(MariaDbExtension.class)
class LedgerModelRegistryIT {

    private static final ModelRegistry.AliasChange BY_TEST = new ModelRegistry.AliasChange("test", "set by the test");

    @Test
    void versionsAreNumberedFoundByRunAndTheLatestPromotedIsTheChampion(MariaDbServer mariaDb) {
        DataSource dataSource = mariaDb.dataSource(mariaDb.createDatabase("ledger_registry"));
        Database.migrate(dataSource);
        Jdbi jdbi = Database.jdbi(dataSource);
        LedgerModelRegistry registry = new LedgerModelRegistry(jdbi);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(registry.findByAlias("m", "champion")).isEmpty();
        String run1 = evaluatedTraining(jdbi, registry, start, '1', "s3://models/one.prodcat");
        registry.setAlias("m", "champion", "1", BY_TEST);
        String run2 = evaluatedTraining(jdbi, registry, start.plusSeconds(60), '2', "s3://models/two.prodcat");

        assertThat(registry.findVersionByRun("m", run2))
                .map(ModelVersion::version)
                .contains("2");
        assertThat(registry.findByAlias("m", "champion"))
                .map(ModelVersion::sourceUri)
                .contains("s3://models/one.prodcat");
        registry.setAlias("m", "champion", "2", BY_TEST);
        ModelVersion champion = registry.findByAlias("m", "champion").orElseThrow();
        assertThat(champion.version()).isEqualTo("2");
        assertThat(champion.sourceUri()).isEqualTo("s3://models/two.prodcat");
        assertThat(champion.runId()).isEqualTo(run2);
        assertThat(registry.findVersionByRun("m", run1))
                .map(ModelVersion::version)
                .contains("1");
        assertThat(registry.findVersionByRun("m", "f".repeat(32))).isEmpty();
        assertThatThrownBy(() -> registry.setAlias("m", "staging", "1", BY_TEST))
                .isInstanceOf(TrackingException.class);

        // a rollback: the older version is named again, and the ledger says who moved it, from what, and why
        registry.setAlias("m", "champion", "1", new ModelRegistry.AliasChange("ops", "v2 misfiles frozen food"));
        assertThat(registry.findByAlias("m", "champion"))
                .map(ModelVersion::version)
                .contains("1");
        assertThat(registry.findVersion("m", "2")).map(ModelVersion::sourceUri).contains("s3://models/two.prodcat");
        assertThat(registry.findVersion("m", "9")).isEmpty();
        AliasChangeDao.Row last =
                jdbi.onDemand(AliasChangeDao.class).history("m", 10).get(0);
        assertThat(last.version()).isEqualTo("1");
        assertThat(last.previousVersion()).isEqualTo("2");
        assertThat(last.changedBy()).isEqualTo("ops");
        assertThat(last.reason()).isEqualTo("v2 misfiles frozen food");
        assertThat(jdbi.onDemand(AliasChangeDao.class).history("m", 10)).hasSize(3);
    }

    /** A finished training, evaluated, with the version the registry hands out recorded as evaluate does. */
    private static String evaluatedTraining(
            Jdbi jdbi, LedgerModelRegistry registry, Instant at, char digit, String weights) {
        UUID training = UUID.randomUUID();
        String runId = String.valueOf(digit).repeat(32);
        TrainingDao trainings = jdbi.onDemand(TrainingDao.class);
        trainings.insert(TrainingRecord.running(
                training,
                at,
                String.valueOf(digit).repeat(40),
                "s3://dataset/train/" + digit + ".csv",
                "c".repeat(40)));
        trainings.finish(training, runId, "checkpoint-1", 0.9, 0.8, weights, at.plusSeconds(1), 1000);
        ModelMetricsDao metrics = jdbi.onDemand(ModelMetricsDao.class);
        long row = metrics.insert(new ModelMetricsRow(
                null, at.plusSeconds(2), 0.9, 0.8, 0.9, 0.9, runId, training, null, "holdout", 100));
        ModelVersion version = registry.createVersion("m", weights, runId, Map.of());
        metrics.setModelVersion(row, version.version());
        return runId;
    }
}
