package io.prodcat.predict.feedback;

import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackExport;
import io.prodcat.adapters.persistence.FeedbackExportDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.persistence.NamedLockDao;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.Fingerprint;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.features.TextKey;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.RateLimited;
import io.prodcat.function.support.StoredCsv;
import io.prodcat.predict.DaemonThreads;
import io.prodcat.predict.PredictProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrections in, retraining out: feedback rows are stored (each client at most {@code clientRowsPerHour} an hour,
 * each with what the served model answered for its text); once {@code threshold} wait (or on request), the dataset of
 * the served champion's training plus the rows the {@link FeedbackPolicy} admits (each replacing the base rows of its
 * title) is written to the dataset bucket, whose notification starts training as for any upload. Exports go through
 * an outbox ({@link #export}): no row goes into two datasets, an export that stopped half-way is finished by the next
 * attempt with the same bytes, and only one runs at a time.
 */
public class FeedbackLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackLoop.class);
    private static final int MAX_ROWS_PER_EXPORT = 1_000_000;
    /** MySQL's named lock: one feedback export at a time, across predict's instances. */
    private static final String EXPORT_LOCK = "prodcat.feedback-export";

    /** Exported: where, and how many rows. */
    public record Exported(String dataset, int feedbackRows, int totalRows) {}

    private final Supplier<Jdbi> jdbi;
    private final ObjectStore store;
    private final PredictProperties.Feedback settings;
    private final PredictProperties.Dataset dataset;
    private final Clock clock;
    private final Supplier<Optional<String>> servedVersion;
    /** Count-then-insert of one client's rows runs under one of these (by the client's hash) in this instance. */
    private final Object[] clientLocks =
            java.util.stream.Stream.generate(Object::new).limit(64).toArray();

    private final java.util.concurrent.atomic.AtomicBoolean automaticExportQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final ExecutorService exporter = Executors.newSingleThreadExecutor(DaemonThreads.named("feedback-export"));

    /**
     * @param servedVersion the registered version predict serves: exports build on the dataset of the training that
     *                      made it (after a rollback too); when unknown (a PRODCAT_MODEL_URI file), on the last promoted one
     */
    public FeedbackLoop(
            Supplier<Jdbi> jdbi,
            ObjectStore store,
            PredictProperties.Feedback settings,
            PredictProperties.Dataset dataset,
            Clock clock,
            Supplier<Optional<String>> servedVersion) {
        this.servedVersion = servedVersion;
        this.jdbi = jdbi;
        this.store = store;
        this.settings = settings;
        this.dataset = dataset;
        this.clock = clock;
    }

    /**
     * Stores one correction from {@code client}.
     *
     * @throws RateLimited when the client already sent its hourly allowance
     */
    public long record(FeedbackRequest request, String servedLabel, String client) {
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
                                now)
                        .servedAs(servedLabel));
                waiting = dao.countUnclaimed();
            } catch (RateLimited e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DependencyUnavailable("feedback database unavailable: " + e.getMessage(), e);
            }
        }
        if (waiting >= settings.threshold() && automaticExportQueued.compareAndSet(false, true)) {
            exporter.submit(this::exportQuietly);
        }
        return id;
    }

    public Optional<Exported> exportNow() {
        try {
            return exporter.submit(() -> export(false)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailable("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DependencyUnavailable(
                    "feedback export failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The automatic export: runs only while the threshold is still reached when its turn comes. */
    private void exportQuietly() {
        automaticExportQueued.set(false);
        try {
            export(true);
        } catch (RuntimeException e) {
            LOG.warn("feedback export failed, the rows stay unconsumed for the next attempt: {}", e.getMessage());
        }
    }

    /**
     * One export, as an outbox: under a database-wide lock (one exporter across instances), finish an export that
     * stopped half-way, or claim rows for a new one in a short transaction; write the dataset to S3 outside any
     * transaction; then mark the rows consumed. Content and file name depend only on the claimed rows and the base
     * dataset, so a repeated attempt writes the same bytes to the same key.
     *
     * @param atThresholdOnly the automatic export: nothing happens unless {@code threshold} rows wait
     */
    private Optional<Exported> export(boolean atThresholdOnly) {
        return jdbi.get().withHandle(handle -> {
            NamedLockDao locks = handle.attach(NamedLockDao.class);
            if (!Integer.valueOf(1).equals(locks.acquire(EXPORT_LOCK, 30))) {
                throw new DependencyUnavailable("another feedback export is running", null);
            }
            try {
                FeedbackExportDao exports = handle.attach(FeedbackExportDao.class);
                Optional<FeedbackExport> unfinished = exports.unfinished();
                if (unfinished.isPresent()) {
                    FeedbackExport resumed = unfinished.get();
                    LOG.info("finishing feedback export {}", resumed.id());
                    return Optional.of(write(handle, exports, resumed, rowsOf(resumed.baseDatasetPath())));
                }
                return claim(handle, exports, atThresholdOnly)
                        .map(claimed -> write(handle, exports, claimed.export(), claimed.baseRows()));
            } finally {
                locks.release(EXPORT_LOCK);
            }
        });
    }

    /** A new export and the rows of the dataset it builds on (read once, for the share cap and for writing). */
    private record Claimed(FeedbackExport export, List<LabelledText> baseRows) {}

    /**
     * Chooses the rows of a new export by the policy and records it, in one short transaction that also holds the rows
     * the policy holds for review; empty when none may go.
     */
    private Optional<Claimed> claim(
            org.jdbi.v3.core.Handle handle, FeedbackExportDao exports, boolean atThresholdOnly) {
        List<FeedbackRow> waiting = exports.unclaimed(MAX_ROWS_PER_EXPORT);
        if (waiting.isEmpty() || (atThresholdOnly && waiting.size() < settings.threshold())) {
            return Optional.empty();
        }
        TrainingDao trainings = handle.attach(TrainingDao.class);
        String basePath = servedVersion
                .get()
                .flatMap(trainings::ofModelVersion)
                .or(trainings::latestPromoted)
                .map(TrainingRecord::datasetPath)
                .orElse(null);
        List<LabelledText> baseRows = rowsOf(basePath);
        FeedbackDao feedback = handle.attach(FeedbackDao.class);
        Instant since = clock.instant().minus(settings.window());
        FeedbackPolicy.Decision decision = settings.policy()
                .decide(
                        waiting,
                        counted(feedback.correctionsPerClientSince(since)),
                        counted(feedback.exportedPerClientSince(since)),
                        counted(feedback.exportedCorrectionsPerClassSince(since)),
                        rowsPerClass(baseRows));
        List<FeedbackRow> rows = decision.admitted();
        String id = UUID.randomUUID().toString();
        FeedbackExport export = FeedbackExport.claimed(
                id,
                basePath,
                new S3Location(dataset.bucket(), dataset.prefix() + "feedback-" + id + ".csv").toString(),
                clock.instant());
        return handle.inTransaction(transaction -> {
            FeedbackDao dao = transaction.attach(FeedbackDao.class);
            Map<String, List<Long>> heldFor = new HashMap<>();
            decision.held()
                    .forEach((row, reason) -> heldFor.computeIfAbsent(reason, r -> new ArrayList<>())
                            .add(row));
            heldFor.forEach((reason, ids) -> {
                int held = dao.hold(ids, reason, clock.instant());
                LOG.warn("{} feedback rows held for review: {}", held, reason);
            });
            if (rows.isEmpty()) {
                LOG.info(
                        "{} feedback rows wait; none may go into a dataset of {} trained rows yet (quorum, caps)",
                        waiting.size() - decision.held().size(),
                        baseRows.size());
                return Optional.<Claimed>empty();
            }
            FeedbackExportDao outbox = transaction.attach(FeedbackExportDao.class);
            outbox.insert(export);
            int claimed = outbox.claim(rows.stream().map(FeedbackRow::id).toList(), id);
            LOG.info("feedback export {} claimed {} rows", id, claimed);
            return claimed == 0 ? Optional.<Claimed>empty() : Optional.of(new Claimed(export, baseRows));
        });
    }

    private static Map<String, Long> counted(List<FeedbackDao.GroupCount> counts) {
        Map<String, Long> map = new HashMap<>();
        counts.forEach(count -> map.put(count.name(), count.rows()));
        return map;
    }

    private static Map<String, Integer> rowsPerClass(List<LabelledText> rows) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(row -> counts.merge(row.label(), 1, Integer::sum));
        return counts;
    }

    /** Writes the export's dataset (streamed through a temporary file) and marks its rows; the export is DONE. */
    private Exported write(
            org.jdbi.v3.core.Handle handle, FeedbackExportDao exports, FeedbackExport export, List<LabelledText> base) {
        List<FeedbackRow> rows = exports.claimedBy(export.id());
        S3Location location = S3Location.parse(export.datasetPath());
        Path file = null;
        try {
            file = Files.createTempFile("prodcat-feedback-", ".csv");
            List<LabelledText> kept = uncorrected(base, rows);
            String sha1 = writeCsv(file, kept, rows);
            try (InputStream in = Files.newInputStream(file)) {
                store.put(location, in, Files.size(file), "text/csv");
            }
            int marked = handle.inTransaction(transaction -> {
                FeedbackExportDao dao = transaction.attach(FeedbackExportDao.class);
                int n = dao.markConsumed(export.id(), sha1, location.toString(), clock.instant());
                dao.finish(export.id(), sha1, clock.instant());
                return n;
            });
            LOG.info(
                    "wrote {} ({} rows: {} from the champion's training, {} feedback replacing {}; {} marked consumed)",
                    location,
                    kept.size() + rows.size(),
                    kept.size(),
                    rows.size(),
                    base.size() - kept.size(),
                    marked);
            return new Exported(location.toString(), rows.size(), kept.size() + rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feedback dataset", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}", file, e);
                }
            }
        }
    }

    /**
     * The base rows that no feedback row corrects: a feedback row replaces every base row of the same title
     * ({@link TextKey}), so a correction of a mislabelled title is not outvoted by the label it corrects.
     */
    static List<LabelledText> uncorrected(List<LabelledText> base, List<FeedbackRow> feedbackRows) {
        java.util.Set<String> corrected = new java.util.HashSet<>();
        feedbackRows.forEach(row -> corrected.add(TextKey.of(row.text())));
        return base.stream()
                .filter(row -> !corrected.contains(TextKey.of(row.text())))
                .toList();
    }

    /** The rows of a trained dataset; none when there is no dataset yet ({@code null}). */
    private List<LabelledText> rowsOf(String datasetPath) {
        if (datasetPath == null) {
            return List.of();
        }
        return StoredCsv.read(store, datasetPath, new DatasetSchema(dataset.textColumns(), dataset.labelColumn()))
                .rows();
    }

    /**
     * Writes base rows then feedback rows as CSV (header = configured text column(s) and label; the text goes to the
     * first text column) and returns the file's SHA-1.
     */
    private String writeCsv(Path file, List<LabelledText> base, List<FeedbackRow> feedbackRows) throws IOException {
        List<String> header = new ArrayList<>(dataset.textColumns());
        header.add(dataset.labelColumn());
        MessageDigest sha1 = Fingerprint.newSha1();
        try (Writer out = new OutputStreamWriter(
                        new DigestOutputStream(Files.newOutputStream(file), sha1), StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(
                        out,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header.toArray(String[]::new))
                                .get())) {
            for (LabelledText row : base) {
                printer.printRecord(record(row.text(), row.label()));
            }
            for (FeedbackRow row : feedbackRows) {
                printer.printRecord(record(row.text(), row.trueLabel()));
            }
        }
        return java.util.HexFormat.of().formatHex(sha1.digest());
    }

    private List<String> record(String text, String label) {
        List<String> record = new ArrayList<>();
        record.add(text);
        for (int i = 1; i < dataset.textColumns().size(); i++) {
            record.add("");
        }
        record.add(label);
        return record;
    }

    @Override
    public void close() {
        exporter.shutdownNow();
    }
}
