package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Extension;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scoring on its own, in a real MariaDB: the held-out figures are one {@code model_metrics} row however often a
 * delivery scores the same training; category paths add one row per tree level.
 */
@ExtendWith({MariaDbExtension.class, S3Extension.class})
class ScoringIT {

    @Test
    void aTrainingScoredTwiceHasOneRowPerDataAndPathsOneRowPerLevel(MariaDbServer mariaDb, S3Server s3)
            throws Exception {
        var dataSource = mariaDb.dataSource(mariaDb.createDatabase("scoring_it"));
        Database.migrate(dataSource);
        Jdbi jdbi = Database.jdbi(dataSource);
        ObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        TrainedModels trainings = new TrainedModels(store, jdbi, new UntrackedRuns());
        Scoring scoring = new Scoring(
                jdbi.onDemand(ModelMetricsDao.class),
                jdbi.onDemand(FeedbackDao.class),
                new RunReport(new UntrackedRuns(), UntrackedRuns.NO_ARTIFACTS),
                Clock.systemUTC());

        TrainingCompleted flat = trainings.trained("flat", SyntheticCatalog.csv(300, 11), UnaryOperator.identity());
        Scoring.Scored first = score(scoring, store, flat);
        Scoring.Scored again = score(scoring, store, flat);
        assertThat(again.metricsId()).isEqualTo(first.metricsId());
        assertThat(again.evaluation().macroF1()).isEqualTo(first.evaluation().macroF1());
        assertThat(first.heldOutRows()).isPositive();
        assertThat(first.evaluation().sampleCount()).isEqualTo(first.heldOutRows());
        assertThat(rows(jdbi, "model_metrics", flat)).isEqualTo(1);
        assertThat(jdbi.onDemand(ModelMetricsDao.class).reported(first.metricsId()))
                .isTrue();

        TrainingCompleted paths = trainings.trainedWithPaths("paths", SyntheticCatalog.pathCsv(100, 12), " > ");
        Scoring.Scored tree = score(scoring, store, paths);
        score(scoring, store, paths);
        int levels = jdbi.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM model_metrics_level WHERE metrics_id = :id")
                        .bind("id", tree.metricsId())
                        .mapTo(Integer.class)
                        .one());
        assertThat(levels).isEqualTo(2);
    }

    private static Scoring.Scored score(Scoring scoring, ObjectStore store, TrainingCompleted done) {
        LinearClassifier model = EvaluationJob.load(store, done.weightsUri());
        List<LabelledText> heldOut = new HoldoutSource.Manifest(done.holdoutManifestUri()).rows(store, done);
        return scoring.score(done, UUID.fromString(done.trainingId()), model, heldOut);
    }

    private static int rows(Jdbi jdbi, String table, TrainingCompleted done) {
        return (int) jdbi.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE training_id = :id")
                        .bind("id", done.trainingId())
                        .mapTo(Integer.class)
                        .one());
    }
}
