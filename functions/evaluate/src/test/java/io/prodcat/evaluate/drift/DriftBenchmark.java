package io.prodcat.evaluate.drift;

import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.DriftMetricsDao;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.PredictionLogDao;
import io.prodcat.adapters.persistence.PredictionLogRow;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Server;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The time of one drift check on a 10,000-prediction window (bench/drift.sh; not a test), through the check itself:
 * real MariaDB and S3, the registry a fixed champion (the check only asks it which version is served). The model is
 * trained on the instacart department split without pets, babies and personal care; the window holds its answers on
 * test titles of the other departments. Detection and false alarms: {@link DriftDetectionBenchmark}. Prints a line
 * of Markdown.
 */
public final class DriftBenchmark {

    private static final Set<String> UNSEEN = Set.of("pets", "babies", "personal care");
    private static final String VERSION = "bench";
    private static final String WEIGHTS = "s3://models/bench/model.prodcat";

    private DriftBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        DatasetSchema schema = DatasetSchema.of("product_name", "department");
        CsvDatasetReader reader = new CsvDatasetReader(schema, ReadLimits.DEFAULT);
        List<LabelledText> train = reader.read(data.resolve("train.csv")).rows();
        List<LabelledText> test = reader.read(data.resolve("test.csv")).rows();
        List<LabelledText> seenTrain =
                train.stream().filter(row -> !UNSEEN.contains(row.label())).toList();
        long trainStart = System.nanoTime();
        LinearClassifier model = DriftDetectionBenchmark.trained(seenTrain);
        System.err.printf(
                Locale.ROOT,
                "trained on %d rows of %d departments in %.1f s%n",
                seenTrain.size(),
                model.labels().size(),
                (System.nanoTime() - trainStart) / 1e9);

        List<LabelledText> seenTest = new ArrayList<>(
                test.stream().filter(row -> !UNSEEN.contains(row.label())).toList());
        Collections.shuffle(seenTest, new Random(1));
        // the reference as evaluate builds it: the model's answers on rows it did not train on (4,000 here)
        List<LabelledText> referenceRows = seenTest.subList(0, 4_000);
        List<DriftDetectionBenchmark.Answered> fresh =
                DriftDetectionBenchmark.answered(model, seenTest.subList(4_000, seenTest.size()));

        try (S3Server s3 = S3Server.start();
                MariaDbServer mariaDb = MariaDbServer.start()) {
            ObjectStore store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
            DriftReference.of(model, referenceRows).store(store, WEIGHTS);
            // pooled, as in the function (a new connection per statement would time the TLS handshakes)
            DataSource dataSource = Database.pooledDataSource(
                    mariaDb.createDatabase("drift_bench"), mariaDb.user(), mariaDb.password());
            Database.migrate(dataSource);
            Jdbi jdbi = Database.jdbi(dataSource);
            StringBuilder out = new StringBuilder();
            List<Double> seconds = new ArrayList<>();
            DriftCheckJob job = job(store, jdbi, 200);
            for (int run = 0; run < 3; run++) {
                List<DriftDetectionBenchmark.Answered> big =
                        new ArrayList<>(DriftDetectionBenchmark.sample(fresh, fresh.size(), new Random(run)));
                big.addAll(DriftDetectionBenchmark.sample(fresh, 10_000 - big.size(), new Random(run + 10)));
                long start = System.nanoTime();
                check(job, jdbi, big, true);
                seconds.add((System.nanoTime() - start) / 1e9);
            }
            Collections.sort(seconds);
            out.append(String.format(
                    Locale.ROOT,
                    "%nOne check of a 10,000-prediction window with texts logged (prediction_log queries, four"
                            + " statistics, the domain classifier on 2,000 + 2,000 titles, the rows written):"
                            + " median %.2f s (%.2f–%.2f s over 3 runs; the window's rows were inserted before the"
                            + " clock started).%n",
                    seconds.get(1),
                    seconds.get(0),
                    seconds.get(2)));
            System.out.print(out);
        }
    }

    private static DriftCheckJob job(ObjectStore store, Jdbi jdbi, int minPredictions) {
        return new DriftCheckJob(
                new FixedChampion(),
                "bench",
                store,
                jdbi.onDemand(PredictionLogDao.class),
                jdbi.onDemand(FeedbackDao.class),
                jdbi.onDemand(DriftMetricsDao.class),
                new DriftSettings(Duration.ofHours(1), minPredictions, 0.2, 0.1, 0.001, 0.75, 50, 30, 0.1),
                Clock.systemUTC());
    }

    /** Replaces the log with {@code window} (logged a minute ago) and checks it. */
    private static DriftCheckJob.Outcome check(
            DriftCheckJob job, Jdbi jdbi, List<DriftDetectionBenchmark.Answered> window, boolean texts) {
        jdbi.onDemand(PredictionLogDao.class).deleteOlderThan(Instant.now().plusSeconds(3600), Integer.MAX_VALUE);
        Instant at = Instant.now().minusSeconds(60);
        List<PredictionLogRow> rows = window.stream()
                .map(answer -> new PredictionLogRow(
                        at,
                        VERSION,
                        answer.label(),
                        answer.probability(),
                        null,
                        null,
                        answer.text().length(),
                        "0".repeat(16),
                        texts ? answer.text() : null))
                .toList();
        for (int from = 0; from < rows.size(); from += 1_000) {
            PredictionLogDao.insert(jdbi, rows.subList(from, Math.min(rows.size(), from + 1_000)));
        }
        return job.check(UUID.randomUUID().toString(), null);
    }

    /** The registry as the check uses it: which version is the champion, and where its weights are. */
    private static final class FixedChampion implements ModelRegistry {

        @Override
        public Optional<ModelVersion> findByAlias(String name, String alias) {
            return Optional.of(new ModelVersion(name, VERSION, WEIGHTS, "bench-run", Map.of()));
        }

        @Override
        public void ensureRegisteredModel(String name) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }

        @Override
        public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }

        @Override
        public Optional<ModelVersion> findVersionByRun(String name, String runId) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }

        @Override
        public void setAlias(String name, String alias, String version, AliasChange change) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }

        @Override
        public void removeAlias(String name, String alias, AliasChange change) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }

        @Override
        public Optional<ModelVersion> findVersion(String name, String version) {
            throw new UnsupportedOperationException("the benchmark only reads the champion");
        }
    }
}
