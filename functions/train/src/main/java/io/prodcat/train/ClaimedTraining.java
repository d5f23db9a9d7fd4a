package io.prodcat.train;

import io.prodcat.dataset.Dataset;
import io.prodcat.dataset.DatasetException;
import io.prodcat.dataset.HoldoutManifest;
import io.prodcat.dataset.LabelledText;
import io.prodcat.dataset.StratifiedSplit;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingFailed;
import io.prodcat.function.DependencyUnavailable;
import io.prodcat.model.ModelFile;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.persistence.TrainingStatus;
import io.prodcat.storage.ObjectStore;
import io.prodcat.storage.S3Location;
import io.prodcat.tracking.ExperimentTracker;
import io.prodcat.tracking.ExperimentTracker.RunEnd;
import io.prodcat.training.Checkpoint;
import io.prodcat.training.HyperparameterOverrides;
import io.prodcat.training.LinearTrainer;
import io.prodcat.training.TrainingResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training whose ledger claim this delivery won: MLflow run, engine, weights and holdout manifest to S3, ledger
 * FINISHED. Bad data ends FAILED; an outage leaves the row INTERRUPTED for the retry.
 */
record ClaimedTraining(
        ObjectStore store, TrainingDao ledger, ExperimentTracker tracker, TrainingSettings settings, Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedTraining.class);

    TrainOutcome execute(UUID id, S3Location location, Dataset dataset, StratifiedSplit holdout, long start) {
        String runId = null;
        try {
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
            TrainingResult result = new LinearTrainer(settings.hyperparameters())
                    .train(new Dataset(
                            holdout.train(),
                            holdout.train().stream()
                                    .map(LabelledText::label)
                                    .distinct()
                                    .sorted()
                                    .toList(),
                            dataset.sha1()));
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
            endQuietly(runId, RunEnd.FAILED);
            ledger.stop(id, TrainingStatus.FAILED, e.getMessage(), clock.instant(), clock.millis() - start);
            return new TrainOutcome.Failed(
                    new TrainingFailed(id.toString(), location.toString(), dataset.sha1(), "FAILED", e.getMessage()));
        } catch (RuntimeException e) {
            String reason = "interrupted by a dependency failure: " + e.getMessage();
            LOG.warn("training {} {}", id, reason);
            endQuietly(runId, RunEnd.FAILED);
            try {
                ledger.stop(id, TrainingStatus.INTERRUPTED, reason, clock.instant(), clock.millis() - start);
            } catch (RuntimeException ledgerDown) {
                e.addSuppressed(ledgerDown); // the RUNNING row is taken over after the timeout
            }
            throw new DependencyUnavailable(reason, e);
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

    private void storeModel(TrainingResult result, S3Location weights) {
        try {
            Path file = Files.createTempFile("prodcat-model", ".prodcat");
            try {
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
