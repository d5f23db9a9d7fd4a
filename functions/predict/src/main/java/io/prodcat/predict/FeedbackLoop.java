package io.prodcat.predict;

import io.prodcat.dataset.CsvDatasetReader;
import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.Fingerprint;
import io.prodcat.dataset.LabelledText;
import io.prodcat.dataset.ReadLimits;
import io.prodcat.function.DependencyUnavailable;
import io.prodcat.function.RateLimited;
import io.prodcat.persistence.FeedbackDao;
import io.prodcat.persistence.FeedbackRow;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.persistence.TrainingRecord;
import io.prodcat.storage.ObjectStore;
import io.prodcat.storage.S3Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrections in, retraining out: feedback rows are stored (each client at most {@code clientRowsPerHour} an hour);
 * once {@code threshold} are unconsumed (or on request), the last trained dataset plus those rows (capped per client
 * and as a share of the whole, {@link #admitted}) is written to the dataset bucket, whose notification starts training
 * as for any upload. The rows are locked, written and marked with the new dataset's SHA-1 in one transaction: a
 * failed upload marks nothing, and no row goes into two datasets.
 */
class FeedbackLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackLoop.class);
    private static final int MAX_ROWS_PER_EXPORT = 1_000_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Exported: where, and how many rows. */
    record Exported(String dataset, int feedbackRows, int totalRows) {}

    private final Supplier<Jdbi> jdbi;
    private final ObjectStore store;
    private final PredictProperties.Feedback settings;
    private final Clock clock;
    /** Count-then-insert of one client's rows runs under one of these (by the client's hash) in this instance. */
    private final Object[] clientLocks =
            java.util.stream.Stream.generate(Object::new).limit(64).toArray();

    private final ExecutorService exporter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "feedback-export");
        thread.setDaemon(true);
        return thread;
    });

    FeedbackLoop(Supplier<Jdbi> jdbi, ObjectStore store, PredictProperties.Feedback settings, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores one correction from {@code client}.
     *
     * @throws RateLimited when the client already sent its hourly allowance
     */
    long record(FeedbackRequest request, String client) {
        long id;
        long waiting;
        synchronized (clientLocks[Math.floorMod(client.hashCode(), clientLocks.length)]) {
            try {
                FeedbackDao dao = jdbi.get().onDemand(FeedbackDao.class);
                Instant now = clock.instant();
                if (dao.countFromClientSince(client, now.minus(Duration.ofHours(1))) >= settings.clientRowsPerHour()) {
                    throw new RateLimited(
                            "this client sent its " + settings.clientRowsPerHour() + " feedback rows for this hour",
                            Duration.ofMinutes(10));
                }
                id = dao.insert(FeedbackRow.received(
                        request.text().strip(),
                        request.label().strip(),
                        request.predictedLabel(),
                        request.modelVersion(),
                        client,
                        now));
                waiting = dao.countUnconsumed();
            } catch (RateLimited e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DependencyUnavailable("feedback database unavailable: " + e.getMessage(), e);
            }
        }
        if (waiting >= settings.threshold()) {
            exporter.submit(this::exportQuietly);
        }
        return id;
    }

    Optional<Exported> exportNow() {
        try {
            return exporter.submit(this::export).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailable("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DependencyUnavailable(
                    "feedback export failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void exportQuietly() {
        try {
            export();
        } catch (RuntimeException e) {
            LOG.warn("feedback export failed, the rows stay unconsumed for the next attempt: {}", e.getMessage());
        }
    }

    private Optional<Exported> export() {
        return jdbi.get().inTransaction(handle -> {
            FeedbackDao dao = handle.attach(FeedbackDao.class);
            List<FeedbackRow> waiting = dao.lockUnconsumed(MAX_ROWS_PER_EXPORT);
            if (waiting.isEmpty()) {
                return Optional.<Exported>empty();
            }
            List<LabelledText> dataset = new ArrayList<>(lastTrainedRows(handle.attach(TrainingDao.class)));
            int base = dataset.size();
            List<FeedbackRow> rows = admitted(waiting, base);
            if (rows.isEmpty()) {
                LOG.warn(
                        "{} feedback rows wait, but none may go into a dataset of {} trained rows (share cap {})",
                        waiting.size(),
                        base,
                        settings.maxShare());
                return Optional.<Exported>empty();
            }
            rows.forEach(row -> dataset.add(new LabelledText(row.text(), row.trueLabel())));
            byte[] csv = csv(dataset);
            String sha1 = Fingerprint.sha1Hex(new ByteArrayInputStream(csv));
            S3Location location = new S3Location(
                    settings.bucket(),
                    settings.prefix() + "feedback-"
                            + STAMP.format(clock.instant().atZone(java.time.ZoneOffset.UTC)) + "-"
                            + sha1.substring(0, 8) + ".csv");
            store.put(location, new ByteArrayInputStream(csv), csv.length, "text/csv");
            int marked = dao.markConsumed(
                    rows.stream().map(FeedbackRow::id).toList(), sha1, location.toString(), clock.instant());
            LOG.info(
                    "wrote {} ({} rows: {} from the last training, {} feedback; {} marked consumed, {} left waiting)",
                    location,
                    dataset.size(),
                    base,
                    rows.size(),
                    marked,
                    waiting.size() - rows.size());
            return Optional.of(new Exported(location.toString(), rows.size(), dataset.size()));
        });
    }

    /**
     * The waiting rows (oldest first) that may go into a dataset of {@code base} trained rows: at most
     * {@code clientRowsPerDataset} from one client, and feedback at most {@code maxShare} of the whole dataset. The
     * others wait for a later export. Without trained rows there is nothing feedback may be a share of.
     */
    List<FeedbackRow> admitted(List<FeedbackRow> waiting, int base) {
        double share = Math.min(Math.max(settings.maxShare(), 0.0), 1.0);
        long allowed = share >= 1.0 ? Long.MAX_VALUE : (long) Math.floor(share * base / (1.0 - share));
        Map<String, Integer> perClient = new HashMap<>();
        List<FeedbackRow> admitted = new ArrayList<>();
        for (FeedbackRow row : waiting) {
            if (admitted.size() >= allowed) {
                break;
            }
            int fromClient = perClient.merge(row.clientId(), 1, Integer::sum);
            if (fromClient <= settings.clientRowsPerDataset()) {
                admitted.add(row);
            }
        }
        return admitted;
    }

    /** The rows of the most recent FINISHED training's dataset, or none when there was no training yet. */
    private List<LabelledText> lastTrainedRows(TrainingDao trainings) {
        Optional<TrainingRecord> last = trainings.latestFinished();
        if (last.isEmpty()) {
            return List.of();
        }
        DatasetSchema schema = new DatasetSchema(settings.textColumns(), settings.labelColumn());
        try (InputStream in = store.open(S3Location.parse(last.get().datasetPath()))) {
            return new CsvDatasetReader(schema, ReadLimits.DEFAULT).read(in).rows();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + last.get().datasetPath(), e);
        }
    }

    /** Header = configured text column(s) and label; the text goes to the first text column. */
    private byte[] csv(List<LabelledText> rows) {
        List<String> header = new ArrayList<>(settings.textColumns());
        header.add(settings.labelColumn());
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get())) {
            for (LabelledText row : rows) {
                List<String> record = new ArrayList<>();
                record.add(row.text());
                for (int i = 1; i < settings.textColumns().size(); i++) {
                    record.add("");
                }
                record.add(row.label());
                printer.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        exporter.shutdownNow();
    }
}
