package io.prodcat.train;

import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingLineage;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.adapters.tracking.ExperimentTracker.RunEnd;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.HoldoutManifest;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.engine.model.Lineage;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.Checkpoint;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.engine.training.Parent;
import io.prodcat.engine.training.TrainingResult;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingFailed;
import io.prodcat.function.support.DependencyUnavailable;
import io.prodcat.function.support.FailureClass;
import io.prodcat.function.support.HeapBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training whose ledger claim this delivery won: MLflow run, engine, weights and holdout manifest to S3, ledger
 * FINISHED. Bad data ends FAILED; an outage (503) or a bug (500) leaves the row INTERRUPTED for the retry; running
 * out of memory leaves it INTERRUPTED too, with a final {@code training.failed} that says so. With a parent (the
 * champion, {@code PRODCAT_WARM_START=champion}, the default) the training is warm (docs/ENGINE.md "Warm start") and its lineage goes
 * to the run's tags and the ledger.
 */
record ClaimedTraining(
        ObjectStore store,
        TrainingDao ledger,
        ExperimentTracker tracker,
        TrainingSettings settings,
        Clock clock,
        AbandonedClaims abandoned,
        Supplier<Optional<Parent>> parents) {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedTraining.class);

    /** @param csvBytes the dataset's size, for the memory check before the weights are allocated */
    TrainOutcome execute(
            UUID id, S3Location location, Dataset dataset, long csvBytes, StratifiedSplit holdout, long start) {
        String runId = null;
        try {
            // a run an interrupted attempt left behind (MLflow was down when it ended) is closed, so that only this
            // attempt's run can be FINISHED
            ledger.findById(id).map(TrainingRecord::runId).ifPresent(previous -> endQuietly(previous, RunEnd.FAILED));
            runId = tracker.startRun(
                    settings.experiment(),
                    "train-" + id,
                    Map.of(
                            "dataset_hash",
                            dataset.sha1(),
                            "config_hash",
                            settings.configHash(),
                            "training_id",
                            id.toString(),
                            "code_version",
                            codeVersion()));
            ledger.recordRunId(id, runId);
            tracker.logParams(runId, params(location, dataset, holdout));
            List<String> labels = holdout.train().stream()
                    .map(LabelledText::label)
                    .distinct()
                    .sorted()
                    .toList();
            String separator = settings.pathSeparatorFor(labels);
            TrainingResult result = new LinearTrainer(
                            settings.hyperparameters(),
                            (columns, classes) -> settings.heap().checkTraining(csvBytes, columns, classes))
                    .train(
                            new Dataset(holdout.train(), labels, dataset.sha1()),
                            separator,
                            parentFor(labels, separator, runId));
            Lineage lineage = result.model().provenance().lineage();
            for (Checkpoint checkpoint : result.checkpoints()) {
                tracker.logMetric(runId, "val_macro_f1", checkpoint.validationMacroF1(), checkpoint.number());
                tracker.logMetric(runId, "val_min_f1", checkpoint.validationMinF1(), checkpoint.number());
            }
            S3Location weights = new S3Location(settings.modelBucket(), "runs/" + id + "/model.prodcat");
            storeModel(result, weights);
            S3Location manifest = new S3Location(settings.modelBucket(), "runs/" + id + "/holdout.json");
            byte[] manifestJson =
                    HoldoutManifest.of(dataset, settings.schema(), holdout).toJson();
            store.put(manifest, new ByteArrayInputStream(manifestJson), manifestJson.length, "application/json");
            tracker.setTags(runId, Map.of("best_checkpoint", result.best().name(), "weights_s3", weights.toString()));
            tracker.logMetric(
                    runId,
                    "best_val_macro_f1",
                    result.best().validationMacroF1(),
                    result.best().number());
            tracker.logMetric(
                    runId,
                    "best_val_min_f1",
                    result.best().validationMinF1(),
                    result.best().number());
            if (lineage != null) {
                recordLineage(id, runId, lineage);
            }
            tracker.endRun(runId, RunEnd.FINISHED);
            ledger.finish(
                    id,
                    runId,
                    result.best().name(),
                    result.best().validationMacroF1(),
                    result.best().validationMinF1(),
                    weights.toString(),
                    clock.instant(),
                    clock.millis() - start);
            LOG.info(
                    "training {} FINISHED in {} s: {} validation macro-F1 {}, weights {}",
                    id,
                    (clock.millis() - start) / 1000.0,
                    result.best().name(),
                    result.best().validationMacroF1(),
                    weights);
            return new TrainOutcome.Trained(new TrainingCompleted(
                    id.toString(),
                    runId,
                    location.toString(),
                    dataset.sha1(),
                    weights.toString(),
                    manifest.toString(),
                    result.best().name(),
                    result.best().validationMacroF1(),
                    result.best().validationMinF1(),
                    settings.schema().textColumns(),
                    settings.schema().labelColumn()));
        } catch (DatasetException e) {
            return failed(id, location, dataset, runId, start, e);
        } catch (HeapBudget.TooLarge | OutOfMemoryError e) {
            // the data does not fit this instance: a final answer for this delivery, the row INTERRUPTED so that a
            // delivery to an instance with more memory can take it over
            String reason = e instanceof HeapBudget.TooLarge
                    ? e.getMessage()
                    : HeapBudget.ranOutOfMemory("training on " + dataset.rows().size() + " rows and "
                            + dataset.labels().size() + " classes");
            LOG.error("training {} {}", id, reason);
            endQuietly(runId, RunEnd.FAILED);
            stopQuietly(id, TrainingStatus.INTERRUPTED, reason, start, e);
            return new TrainOutcome.Failed(new TrainingFailed(
                    id.toString(), location.toString(), dataset.sha1(), TrainingStatus.INTERRUPTED.name(), reason));
        } catch (RuntimeException e) {
            FailureClass failure = FailureClass.of(e);
            if (failure == FailureClass.BAD_INPUT) {
                return failed(id, location, dataset, runId, start, e);
            }
            endQuietly(runId, RunEnd.FAILED);
            String reason = failure == FailureClass.DEPENDENCY_DOWN
                    ? "interrupted by a dependency failure: " + e.getMessage()
                    : "interrupted by an internal error: " + e;
            LOG.warn("training {} {}", id, reason);
            stopQuietly(id, TrainingStatus.INTERRUPTED, reason, start, e);
            throw failure == FailureClass.DEPENDENCY_DOWN ? new DependencyUnavailable(reason, e) : e; // 503 or 500
        }
    }

    /** The parent to start from: the champion when it fits these labels and the feature settings, else none. */
    private Parent parentFor(List<String> labels, String separator, String runId) {
        Optional<Parent> parent = parents.get();
        if (parent.isEmpty()) {
            return null;
        }
        Optional<String> refusal =
                parent.get().incompatibility(settings.hyperparameters().features(), separator, labels);
        if (refusal.isPresent()) {
            LOG.info(
                    "the champion (version {}) is not a parent here, the training starts cold: {}",
                    parent.get().version(),
                    refusal.get());
            tracker.setTags(runId, Map.of("warm_start_refused", refusal.get()));
            return null;
        }
        return parent.get();
    }

    /** The parent and the choice, as run tags and metrics and in the ledger row (before it is FINISHED). */
    private void recordLineage(UUID id, String runId, Lineage lineage) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("parent_version", String.valueOf(lineage.parentVersion()));
        tags.put("parent_training_id", String.valueOf(lineage.parentTrainingId()));
        tags.put("parent_dataset_hash", lineage.parentDatasetSha1());
        tags.put("start", lineage.start());
        tracker.setTags(runId, tags);
        tracker.logMetric(runId, "warm_val_macro_f1", lineage.warmValidationMacroF1(), 1);
        tracker.logMetric(runId, "cold_check_val_macro_f1", lineage.coldValidationMacroF1(), 1);
        ledger.recordLineage(
                id,
                new TrainingLineage(
                        lineage.parentVersion(),
                        lineage.parentTrainingId(),
                        lineage.start(),
                        lineage.warmValidationMacroF1(),
                        lineage.coldValidationMacroF1()));
    }

    /** The data cannot be trained on: the run FAILED, the row FAILED with the reason, a final training.failed. */
    private TrainOutcome failed(
            UUID id, S3Location location, Dataset dataset, String runId, long start, RuntimeException reason) {
        endQuietly(runId, RunEnd.FAILED);
        stopOrAbandon(id, TrainingStatus.FAILED, reason.getMessage(), start);
        return new TrainOutcome.Failed(
                new TrainingFailed(id.toString(), location.toString(), dataset.sha1(), "FAILED", reason.getMessage()));
    }

    /**
     * Ends the row; when the ledger is down, marks it abandoned and answers 503 so the delivery is retried. A FAILED
     * dataset's feedback rows are held first (a redelivery after a crash between the two holds none twice).
     */
    void stopOrAbandon(UUID id, TrainingStatus status, String reason, long start) {
        try {
            if (status == TrainingStatus.FAILED) {
                int held = ledger.holdFeedbackOf(id, "its training set failed: " + reason, clock.instant());
                if (held > 0) {
                    LOG.warn("training {} failed: its {} feedback rows are held, not lost", id, held);
                }
            }
            ledger.stop(id, status, reason, clock.instant(), clock.millis() - start);
        } catch (RuntimeException e) {
            abandoned.add(id);
            throw new DependencyUnavailable("ledger unavailable: " + e.getMessage(), e);
        }
    }

    /** Ends the row unless the ledger is down too: then the row stays RUNNING, and is taken over by the next delivery. */
    private void stopQuietly(UUID id, TrainingStatus status, String reason, long start, Throwable failure) {
        try {
            ledger.stop(id, status, reason, clock.instant(), clock.millis() - start);
        } catch (RuntimeException ledgerDown) {
            failure.addSuppressed(ledgerDown);
            abandoned.add(id);
        }
    }

    private Map<String, String> params(S3Location location, Dataset dataset, StratifiedSplit holdout) {
        Map<String, String> params = new LinkedHashMap<>(HyperparameterOverrides.describe(settings.hyperparameters()));
        params.put("dataset_path", location.toString());
        params.put("dataset_hash", dataset.sha1());
        params.put("dataset_rows", Integer.toString(dataset.rows().size()));
        params.put("classes", Integer.toString(dataset.labels().size()));
        params.put("text_columns", String.join(",", settings.schema().textColumns()));
        params.put("label_column", settings.schema().labelColumn());
        params.put("holdout_fraction", Double.toString(settings.holdoutFraction()));
        params.put("holdout_seed", Long.toString(settings.holdoutSeed()));
        params.put("holdout_rows", Integer.toString(holdout.validation().size()));
        return params;
    }

    /** The model's duals beside it (for a training after it), then the model file. */
    private void storeModel(TrainingResult result, S3Location weights) {
        try {
            Path file = Files.createTempFile("prodcat-model", ".prodcat");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    result.duals().write(out);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    store.put(ChampionParent.dualsOf(weights), in, Files.size(file), "application/octet-stream");
                }
                ModelFile.write(result.model(), file);
                try (InputStream in = Files.newInputStream(file)) {
                    store.put(weights, in, Files.size(file), "application/octet-stream");
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the model file", e);
        }
    }

    private void endQuietly(String runId, RunEnd outcome) {
        if (runId == null) {
            return;
        }
        try {
            tracker.endRun(runId, outcome);
        } catch (RuntimeException e) {
            LOG.warn("could not end MLflow run {}: {}", runId, e.getMessage());
        }
    }

    private static String codeVersion() {
        String version = ClaimedTraining.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
