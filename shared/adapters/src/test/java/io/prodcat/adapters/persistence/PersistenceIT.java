package io.prodcat.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class PersistenceIT {

    private static final String CONFIG = "c".repeat(40);

    private static Jdbi jdbi;
    private static TrainingDao trainings;
    private static ModelMetricsDao metrics;
    private static FeedbackDao feedback;

    @BeforeAll
    static void migrate(MariaDbServer mariaDb) {
        DataSource dataSource = mariaDb.dataSource(mariaDb.createDatabase("persistence"));
        Database.migrate(dataSource);
        Database.migrate(dataSource); // a second start-up finds nothing to do
        jdbi = Database.jdbi(dataSource);
        trainings = jdbi.onDemand(TrainingDao.class);
        metrics = jdbi.onDemand(ModelMetricsDao.class);
        feedback = jdbi.onDemand(FeedbackDao.class);
    }

    @Test
    void trainingRowGoesFromRunningToFinishedWithTheOriginalColumns() {
        Instant start = now();
        TrainingRecord row =
                TrainingRecord.running(UUID.randomUUID(), start, hash('1'), "s3://dataset/train/a.csv", CONFIG);

        assertThat(trainings.insertIfAbsent(row)).isTrue();
        assertThat(trainings.finish(
                        row.id(),
                        "9".repeat(32),
                        "checkpoint-25",
                        0.73,
                        0.12,
                        "s3://models/x/model.bin",
                        start.plusSeconds(4),
                        4000))
                .isEqualTo(1);

        TrainingRecord stored = trainings.findById(row.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TrainingStatus.FINISHED);
        assertThat(stored.trainingDate()).isEqualTo(start);
        assertThat(stored.bestCheckpoint()).isEqualTo("checkpoint-25");
        assertThat(stored.f1()).isEqualTo(0.73);
        assertThat(stored.minF1()).isEqualTo(0.12);
        assertThat(stored.durationMs()).isEqualTo(4000);
        assertThat(trainings.findByDatasetAndConfig(hash('1'), CONFIG)).contains(stored);
        assertThat(trainings.recent(10)).contains(stored);
        List<String> originalColumns = jdbi.withHandle(
                handle -> handle.createQuery("""
                SELECT id, training_date, dataset_hash, dataset_path, run_id, best_checkpoint, f1, min_f1,
                       weights_s3, status FROM auto_training WHERE id = :id""").bind("id", row.id()).mapToMap().one().keySet().stream()
                        .toList());
        assertThat(originalColumns).hasSize(10);
    }

    @Test
    void feedbackInAnyScriptIsStoredOnALatin1DefaultDatabase(MariaDbServer mariaDb) {
        DataSource latin1 = mariaDb.dataSource(mariaDb.createDatabase("latin1_default", "latin1"));
        Database.migrate(latin1);
        FeedbackDao rows = Database.jdbi(latin1).onDemand(FeedbackDao.class);
        String text = "Молоко 牛奶 🥛 Crème fraîche";

        long id = rows.insert(FeedbackRow.received(text, "dairy 乳製品", null, null, "shop", now()));

        assertThat(rows.findById(id).orElseThrow().text()).isEqualTo(text);
        assertThat(rows.findById(id).orElseThrow().trueLabel()).isEqualTo("dairy 乳製品");
    }

    @Test
    void predictionLogRowsKeepEveryCharacterAndTheirTimeToTheMillisecond() {
        Instant at = Instant.parse("2026-01-05T07:08:09.045Z");
        String text = "it's a \\ back'slash \"quote\" 🥛 Молоко\u0000nul'); DROP TABLE prediction_log; --";
        PredictionLogDao.insert(
                jdbi,
                List.of(
                        new PredictionLogRow(at, "12", "dairy > it's", 0.25, "dairy", 0.5, 7, "00ff", text),
                        new PredictionLogRow(at.plusMillis(1), "12", "pets", 1e-7, null, null, 3, "abcd", null)));

        List<Map<String, Object>> rows =
                jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DATE_FORMAT(predicted_at, '%Y-%m-%d %H:%i:%s.%f') AS at, model_version, label, probability,
                               top_label, top_probability, text_length, text_hash, text
                        FROM prediction_log WHERE model_version = '12' ORDER BY id
                        """).mapToMap().list());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("at", "2026-01-05 07:08:09.045000")
                .containsEntry("label", "dairy > it's")
                .containsEntry("probability", 0.25)
                .containsEntry("top_label", "dairy")
                .containsEntry("top_probability", 0.5)
                .containsEntry("text_length", 7)
                .containsEntry("text_hash", "00ff")
                .containsEntry("text", text);
        assertThat(rows.get(1))
                .containsEntry("at", "2026-01-05 07:08:09.046000")
                .containsEntry("probability", 1e-7)
                .containsEntry("top_label", null)
                .containsEntry("top_probability", null)
                .containsEntry("text", null);
    }

    @Test
    void instantsAreStoredAsUtcWallClock() {
        Instant start = Instant.parse("2025-01-25T21:12:47.123Z");
        UUID id = UUID.randomUUID();
        trainings.insert(TrainingRecord.running(id, start, hash('7'), "s3://dataset/train/t.csv", CONFIG));

        String stored = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT DATE_FORMAT(training_date, '%Y-%m-%d %H:%i:%s.%f') FROM auto_training WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
        assertThat(stored).isEqualTo("2025-01-25 21:12:47.123000");
    }

    @Test
    void tenConcurrentInsertsForOneDatasetAndConfigLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Callable<Boolean> attempt = () -> {
                go.await();
                return trainings.insertIfAbsent(TrainingRecord.running(
                        UUID.randomUUID(), now(), hash('2'), "s3://dataset/train/b.csv", CONFIG));
            };
            results.add(pool.submit(attempt));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
            winners += result.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        long rows = jdbi.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM auto_training WHERE dataset_hash = :h")
                        .bind("h", hash('2'))
                        .mapTo(Long.class)
                        .one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void sameDatasetWithAnotherConfigurationIsAnotherTraining() {
        assertThat(trainings.insertIfAbsent(
                        TrainingRecord.running(UUID.randomUUID(), now(), hash('3'), "s3://d/a.csv", CONFIG)))
                .isTrue();
        assertThat(trainings.insertIfAbsent(
                        TrainingRecord.running(UUID.randomUUID(), now(), hash('3'), "s3://d/a.csv", "d".repeat(40))))
                .isTrue();
    }

    @Test
    void staleRunningOrInterruptedRowsCanBeClaimedOnceFreshOnesCannot() {
        Instant longAgo = now().minus(Duration.ofHours(2));
        TrainingRecord stale = TrainingRecord.running(UUID.randomUUID(), longAgo, hash('4'), "s3://d/s.csv", CONFIG);
        TrainingRecord fresh = TrainingRecord.running(UUID.randomUUID(), now(), hash('5'), "s3://d/f.csv", CONFIG);
        trainings.insert(stale);
        trainings.insert(fresh);
        Instant staleBefore = now().minus(Duration.ofMinutes(30));

        assertThat(trainings.claim(fresh.id(), now(), staleBefore)).isZero();
        assertThat(trainings.claim(stale.id(), now(), staleBefore)).isEqualTo(1);
        assertThat(trainings.claim(stale.id(), now(), staleBefore))
                .as("second claimer loses")
                .isZero();
        assertThat(trainings.findById(stale.id()).orElseThrow().attempt()).isEqualTo(2);

        assertThat(trainings.stop(fresh.id(), TrainingStatus.INTERRUPTED, "MLflow unreachable", now(), 10))
                .isEqualTo(1);
        assertThat(trainings.claim(fresh.id(), now(), staleBefore)).isEqualTo(1);
        TrainingRecord retried = trainings.findById(fresh.id()).orElseThrow();
        assertThat(retried.status()).isEqualTo(TrainingStatus.RUNNING);
        assertThat(retried.error()).isNull();
    }

    @Test
    void failedRowKeepsItsReasonAndIsNotClaimable() {
        TrainingRecord row = TrainingRecord.running(UUID.randomUUID(), now(), hash('6'), "s3://d/bad.csv", CONFIG);
        trainings.insert(row);

        trainings.stop(row.id(), TrainingStatus.FAILED, "row 3: empty label", now(), 5);

        assertThat(trainings.claim(row.id(), now(), now().plusSeconds(1))).isZero();
        assertThat(trainings.findById(row.id()).orElseThrow().error()).isEqualTo("row 3: empty label");
        assertThat(trainings.findById(UUID.randomUUID())).isEmpty();
    }

    @Test
    void ledgerRejectsAStatusOrHashItDoesNotKnow() {
        assertThatThrownBy(() -> jdbi.useHandle(
                        handle -> handle.execute("""
                INSERT INTO auto_training (id, training_date, dataset_hash, dataset_path, status, config_hash)
                VALUES (?, NOW(), ?, 's3://d/x.csv', 'DONE', ?)""", UUID.randomUUID().toString(), hash('8'), CONFIG)))
                .isInstanceOf(UnableToExecuteStatementException.class);
        assertThatThrownBy(() -> jdbi.useHandle(
                        handle -> handle.execute("""
                INSERT INTO auto_training (id, training_date, dataset_hash, dataset_path, status, config_hash)
                VALUES (?, NOW(), 'not-a-sha1', 's3://d/x.csv', 'RUNNING', ?)""", UUID.randomUUID().toString(), CONFIG)))
                .isInstanceOf(UnableToExecuteStatementException.class);
    }

    @Test
    void metricsRowsAreOnePerTrainingAndDataAndFeedTheOriginalGrafanaQueries() {
        UUID trainingId = finishedTraining(hash('a'));
        Instant t1 = now().minusSeconds(60);
        ModelMetricsRow holdout = new ModelMetricsRow(
                null, t1, 0.71, 0.05, 0.83, 0.82, "1".repeat(32), trainingId, null, "holdout", 9937);
        long id = metrics.insert(holdout);
        metrics.setModelVersion(id, "3");
        metrics.insert(new ModelMetricsRow(
                null, now(), 0.64, 0.0, 0.70, 0.69, "1".repeat(32), trainingId, "3", "feedback", 40));

        assertThat(metrics.findByTraining(trainingId, "holdout").orElseThrow().modelVersion())
                .isEqualTo("3");
        assertThatThrownBy(() -> metrics.insert(holdout)).isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(metrics.history("holdout", 1000))
                .extracting(ModelMetricsRow::trainingId)
                .contains(trainingId);

        List<Object[]> f1 = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT timestamp, f1 FROM model_metrics ORDER BY timestamp;")
                .map((rs, ctx) -> new Object[] {rs.getTimestamp(1), rs.getDouble(2)})
                .list());
        List<Object[]> minF1 = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT timestamp, min_f1 FROM model_metrics ORDER BY timestamp;")
                .map((rs, ctx) -> new Object[] {rs.getTimestamp(1), rs.getDouble(2)})
                .list());
        assertThat(f1).extracting(row -> row[1]).contains(0.71, 0.64);
        assertThat(minF1).extracting(row -> row[1]).contains(0.05, 0.0);
        assertThat(f1).extracting(row -> (Timestamp) row[0]).isSorted();
    }

    @Test
    void feedbackBuildsOnTheLastPromotedTrainingNotOnALaterRefusedOne() {
        UUID promoted = finishedTraining(hash('b'), "1".repeat(32));
        UUID refused = finishedTraining(hash('d'), "2".repeat(32));
        metrics.insert(new ModelMetricsRow(
                null, now().plusSeconds(3600), 0.9, 0.8, 0.9, 0.9, "1".repeat(32), promoted, "7", "holdout", 50));
        metrics.markPromoted(promoted);
        metrics.insert(new ModelMetricsRow(
                null, now().plusSeconds(3700), 0.95, 0.9, 0.9, 0.9, "2".repeat(32), refused, "8", "holdout", 50));

        assertThat(trainings.latestPromoted()).map(TrainingRecord::id).contains(promoted);
        assertThat(trainings.findFinishedByRunId("2".repeat(32)))
                .map(TrainingRecord::id)
                .contains(refused);
    }

    @Test
    void figuresPerTreeLevelAreRecordedOnceHoweverOftenTheyAreWritten() {
        UUID trainingId = finishedTraining(hash('e'));
        long id = metrics.insert(new ModelMetricsRow(
                null, now(), 0.69, 0.0, 0.79, 0.78, "1".repeat(32), trainingId, null, "holdout", 5963));
        List<LevelMetricsRow> levels = List.of(
                new LevelMetricsRow(id, 1, 21, 0.73, 0.2, 0.83), new LevelMetricsRow(id, 2, 134, 0.69, 0.0, 0.79));
        List<BackOffRow> backOff =
                List.of(new BackOffRow(id, 0.5, 0.99, 0.85, 0.83), new BackOffRow(id, 0.9, 0.8, 0.6, 0.9));

        metrics.recordHierarchy(id, 0.79, levels, backOff);
        metrics.recordHierarchy(id, 0.79, levels, backOff); // a redelivered event

        assertThat(metrics.levels(id)).containsExactlyElementsOf(levels);
        assertThat(metrics.backOff(id)).containsExactlyElementsOf(backOff);
        Double hierarchicalF1 =
                jdbi.withHandle(handle -> handle.createQuery("SELECT hierarchical_f1 FROM model_metrics WHERE id = ?")
                        .bind(0, id)
                        .mapTo(Double.class)
                        .one());
        assertThat(hierarchicalF1).isEqualTo(0.79);
        assertThat(metrics.findByTraining(trainingId, "holdout").orElseThrow().f1())
                .as("f1 keeps meaning the leaf level")
                .isEqualTo(0.69);
    }

    @Test
    void feedbackIsClaimedByOneExportAndConsumedExactlyOnce() {
        FeedbackExportDao exports = jdbi.onDemand(FeedbackExportDao.class);
        long first = feedback.insert(
                FeedbackRow.received("Organic Whole Milk", "dairy eggs", "beverages", "2", "shop", now()));
        long second = feedback.insert(FeedbackRow.received("Dog Kibble", "pets", null, null, "shop", now()));
        long before = feedback.countUnclaimed();
        assertThat(feedback.unconsumed(1000)).extracting(FeedbackRow::id).contains(first, second);
        exports.insert(FeedbackExport.claimed("export-1", null, "s3://dataset/train/fb.csv", now()));
        exports.insert(FeedbackExport.claimed("export-2", null, "s3://dataset/train/other.csv", now()));

        int claimed = exports.claim(List.of(first, second), "export-1");
        int claimedAgain = exports.claim(List.of(first, second), "export-2");
        int marked = exports.markConsumed("export-1", hash('f'), "s3://dataset/train/fb.csv", now());
        int markedAgain = exports.markConsumed("export-1", hash('e'), "s3://dataset/train/other.csv", now());

        assertThat(claimed).isEqualTo(2);
        assertThat(claimedAgain).isZero();
        assertThat(exports.claimedBy("export-2")).isEmpty();
        assertThat(marked).isEqualTo(2);
        assertThat(markedAgain).isZero();
        assertThat(feedback.countUnclaimed()).isEqualTo(before - 2);
        FeedbackRow stored = feedback.findById(first).orElseThrow();
        assertThat(stored.trueLabel()).isEqualTo("dairy eggs");
        assertThat(stored.predictedLabel()).isEqualTo("beverages");
        assertThat(stored.consumedDatasetHash()).isEqualTo(hash('f'));
        assertThat(feedback.findById(-1)).isEmpty();
    }

    private static UUID finishedTraining(String datasetHash) {
        return finishedTraining(datasetHash, "1".repeat(32));
    }

    private static UUID finishedTraining(String datasetHash, String runId) {
        TrainingRecord row = TrainingRecord.running(UUID.randomUUID(), now(), datasetHash, "s3://d/m.csv", CONFIG);
        trainings.insert(row);
        trainings.finish(row.id(), runId, "checkpoint-1", 0.7, 0.1, "s3://models/m.bin", now(), 1);
        return row.id();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String hash(char digit) {
        return String.valueOf(digit).repeat(40);
    }
}
