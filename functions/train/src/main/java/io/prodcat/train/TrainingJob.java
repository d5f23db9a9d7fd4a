package io.prodcat.train;

import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.engine.dataset.TextKeySplit;
import io.prodcat.engine.training.Parent;
import io.prodcat.events.DatasetUploaded;
import io.prodcat.events.TrainingFailed;
import io.prodcat.events.TrainingSkipped;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.HeapBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One delivery of {@code dataset.uploaded}: fingerprint the object, claim the (dataset, configuration) in the
 * ledger, and train only if this delivery won the claim. Safe under at-least-once delivery: duplicates are
 * skipped, a crashed holder's RUNNING row is taken over after the timeout, bad data ends FAILED, and a
 * dependency failure leaves the row INTERRUPTED for the retry.
 */
record TrainingJob(
        ObjectStore store,
        TrainingDao ledger,
        TrainingSettings settings,
        Clock clock,
        ClaimedTraining claimed,
        Supplier<Set<String>> referenceTitles) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    /** The job with its claimed-training half, on the system clock. */
    static TrainingJob assemble(
            ObjectStore store,
            TrainingDao ledger,
            ExperimentTracker tracker,
            TrainingSettings settings,
            Supplier<Set<String>> referenceTitles,
            Supplier<Optional<Parent>> parents) {
        Clock clock = Clock.systemUTC();
        return new TrainingJob(
                store,
                ledger,
                settings,
                clock,
                new ClaimedTraining(store, ledger, tracker, settings, clock, new AbandonedClaims(), parents),
                referenceTitles);
    }

    /** @param locations what may be trained on: anything else is refused for good (training.failed, no ledger row) */
    TrainOutcome run(DatasetUploaded uploaded, DatasetLocations locations) {
        Optional<String> refusal = locations.refusal(uploaded.bucket(), uploaded.key());
        if (refusal.isPresent()) {
            LOG.warn("refused dataset.uploaded for {}: {}", uploaded.uri(), refusal.get());
            return new TrainOutcome.Failed(
                    new TrainingFailed(null, uploaded.uri(), null, "NONE", "not a dataset location: " + refusal.get()));
        }
        S3Location location = new S3Location(uploaded.bucket(), uploaded.key());
        DatasetDownload download;
        try {
            download = DatasetDownload.fetch(store, location, settings.maxDatasetBytes());
        } catch (ObjectNotFoundException e) {
            return new TrainOutcome.Failed(new TrainingFailed(
                    null, location.toString(), null, "NONE", "the object no longer exists: " + location));
        } catch (RuntimeException e) {
            throw new DependencyUnavailable("cannot read " + location + ": " + e.getMessage(), e);
        }
        try (download) {
            Set<String> neverTrained = titlesNeverTrained();
            Optional<UUID> claimed = claim(location, download.sha1());
            if (claimed.isEmpty()) {
                return skipped(location, download.sha1());
            }
            UUID id = claimed.get();
            MDC.put("training", id.toString());
            try {
                return train(id, location, download, neverTrained);
            } finally {
                MDC.remove("training");
            }
        }
    }

    /** The titles of the gate's trusted reference, read before anything is claimed: an outage leaves no row behind. */
    private Set<String> titlesNeverTrained() {
        try {
            return referenceTitles.get();
        } catch (DatasetException e) {
            throw new IllegalStateException("the gate's trusted reference is unreadable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DependencyUnavailable("cannot read the gate's trusted reference: " + e.getMessage(), e);
        }
    }

    /** Inserts a RUNNING row, or takes over an INTERRUPTED or stale one; empty when another delivery holds it. */
    private Optional<UUID> claim(S3Location location, String sha1) {
        Instant now = clock.instant();
        try {
            UUID id = UUID.randomUUID();
            if (ledger.insertIfAbsent(
                    TrainingRecord.running(id, now, sha1, location.toString(), settings.configHash()))) {
                return Optional.of(id);
            }
            TrainingRecord existing =
                    ledger.findByDatasetAndConfig(sha1, settings.configHash()).orElseThrow();
            // a row this instance abandoned (the ledger was down when it gave up) is taken over at once
            boolean abandonedHere = claimed.abandoned().contains(existing.id());
            Instant staleBefore = abandonedHere ? now.plusSeconds(1) : now.minus(settings.runningTimeout());
            if (ledger.claim(existing.id(), now, staleBefore) != 1) {
                return Optional.empty();
            }
            claimed.abandoned().remove(existing.id());
            return Optional.of(existing.id());
        } catch (RuntimeException e) {
            throw new DependencyUnavailable("ledger unavailable: " + e.getMessage(), e);
        }
    }

    private TrainOutcome train(UUID id, S3Location location, DatasetDownload download, Set<String> neverTrained) {
        long start = clock.millis();
        if (download.oversized()) {
            return failed(
                    id,
                    location,
                    download.sha1(),
                    start,
                    "dataset is " + download.sizeBytes() + " bytes, more than the limit of "
                            + settings.maxDatasetBytes() + " (PRODCAT_DATASET_MAX_BYTES)");
        }
        Optional<String> tooLarge =
                settings.heap().refusal(download.sizeBytes(), HeapBudget.readingNeeds(download.sizeBytes()));
        if (tooLarge.isPresent()) {
            return tooLarge(id, location, download.sha1(), start, tooLarge.get());
        }
        Dataset dataset;
        StratifiedSplit holdout;
        try {
            dataset = new CsvDatasetReader(settings.schema(), ReadLimits.DEFAULT).read(download.file());
            holdout = TextKeySplit.of(dataset.rows(), settings.holdoutFraction(), settings.holdoutSeed(), neverTrained);
            LOG.info(
                    "training {} on {} ({} rows, {} classes; {} held out for evaluation)",
                    id,
                    location,
                    holdout.train().size(),
                    dataset.labels().size(),
                    holdout.validation().size());
        } catch (DatasetException e) {
            return failed(id, location, download.sha1(), start, e.getMessage());
        } catch (OutOfMemoryError e) {
            return tooLarge(
                    id,
                    location,
                    download.sha1(),
                    start,
                    HeapBudget.ranOutOfMemory("reading " + download.sizeBytes() + " bytes of CSV"));
        }
        return claimed.execute(id, location, dataset, download.sizeBytes(), holdout, start);
    }

    private TrainOutcome failed(UUID id, S3Location location, String sha1, long start, String reason) {
        LOG.warn("training {} FAILED: {}", id, reason);
        claimed.stopOrAbandon(id, TrainingStatus.FAILED, reason, start);
        return new TrainOutcome.Failed(new TrainingFailed(id.toString(), location.toString(), sha1, "FAILED", reason));
    }

    /**
     * The data does not fit this instance: a final answer for this delivery, but the row is left INTERRUPTED so
     * that a later delivery to an instance with more memory can take it over.
     */
    private TrainOutcome tooLarge(UUID id, S3Location location, String sha1, long start, String reason) {
        LOG.warn("training {} refused: {}", id, reason);
        claimed.stopOrAbandon(id, TrainingStatus.INTERRUPTED, reason, start);
        return new TrainOutcome.Failed(new TrainingFailed(
                id.toString(), location.toString(), sha1, TrainingStatus.INTERRUPTED.name(), reason));
    }

    private TrainOutcome skipped(S3Location location, String sha1) {
        TrainingRecord existing =
                ledger.findByDatasetAndConfig(sha1, settings.configHash()).orElseThrow();
        String reason = switch (existing.status()) {
            case FINISHED -> "already trained by " + existing.id() + " (MLflow run " + existing.runId() + ")";
            case FAILED -> "failed before on the same bytes: " + existing.error();
            default ->
                "training " + existing.id() + " is in progress since " + existing.trainingDate() + " (taken over after "
                        + Duration.ofSeconds(settings.runningTimeout().toSeconds()) + ")";
        };
        LOG.info("skipped {}: {}", location, reason);
        return new TrainOutcome.Skipped(new TrainingSkipped(
                existing.id().toString(),
                location.toString(),
                sha1,
                existing.status().name(),
                reason));
    }
}
