package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ExperimentTracker;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.HoldoutManifest;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.engine.dataset.TextKeySplit;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.DualState;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.engine.training.Parent;
import io.prodcat.engine.training.TrainingResult;
import io.prodcat.events.TrainingCompleted;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * Trainings as the train function leaves them, made directly with the engine for evaluate's ITs: the dataset in S3,
 * the model and its holdout manifest next to each other, a FINISHED ledger row and a run.
 */
record TrainedModels(ObjectStore store, Jdbi jdbi, ExperimentTracker tracker) {

    static final DatasetSchema SCHEMA = DatasetSchema.of("product_name", "department");
    /** One cost and one class weighting: a training of one checkpoint, quick. */
    private static final Hyperparameters ONE_CHECKPOINT =
            HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5"));

    /** Uploads the CSV, trains on all but the held-out rows as train would, stores the model, ledger and run. */
    TrainingCompleted trained(String name, String csv, UnaryOperator<String> relabel) throws Exception {
        return trained(name, csv, relabel, ONE_CHECKPOINT);
    }

    TrainingCompleted trained(String name, String csv, UnaryOperator<String> relabel, Hyperparameters hyperparameters)
            throws Exception {
        return trained(name, csv, relabel, hyperparameters, null);
    }

    /** As {@link #trained(String, String, UnaryOperator)}, with labels that are paths joined by {@code separator}. */
    TrainingCompleted trainedWithPaths(String name, String csv, String separator) throws Exception {
        return trained(name, csv, UnaryOperator.identity(), ONE_CHECKPOINT, separator);
    }

    /** As {@link #trained(String, String, UnaryOperator)}, trained after {@code parent} (a warm start). */
    TrainingCompleted trainedAfter(String name, String csv, Parent parent) throws Exception {
        return trained(name, csv, UnaryOperator.identity(), ONE_CHECKPOINT, null, parent);
    }

    /** The model of {@code training} as a parent, with the duals kept beside it, registered as {@code version}. */
    Parent parent(TrainingCompleted training, String version) throws Exception {
        S3Location weights = S3Location.parse(training.weightsUri());
        try (InputStream model = store.open(weights);
                InputStream duals =
                        store.open(new S3Location(weights.bucket(), weights.key() + DualState.FILE_SUFFIX))) {
            return new Parent(ModelFile.read(model), version, training.trainingId(), DualState.read(duals));
        }
    }

    private TrainingCompleted trained(
            String name,
            String csv,
            UnaryOperator<String> relabel,
            Hyperparameters hyperparameters,
            String pathSeparator)
            throws Exception {
        return trained(name, csv, relabel, hyperparameters, pathSeparator, null);
    }

    private TrainingCompleted trained(
            String name,
            String csv,
            UnaryOperator<String> relabel,
            Hyperparameters hyperparameters,
            String pathSeparator,
            Parent parent)
            throws Exception {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        S3Location datasetLocation = new S3Location("dataset", "train/" + name + ".csv");
        store.put(datasetLocation, new ByteArrayInputStream(bytes), bytes.length, "text/csv");
        Dataset dataset = new CsvDatasetReader(SCHEMA, ReadLimits.DEFAULT).read(new ByteArrayInputStream(bytes));
        StratifiedSplit split = TextKeySplit.of(dataset.rows(), 0.1, 7);
        List<LabelledText> train = split.train().stream()
                .map(row -> new LabelledText(row.text(), relabel.apply(row.label())))
                .toList();
        TrainingResult result = new LinearTrainer(hyperparameters)
                .train(
                        new Dataset(
                                train,
                                train.stream()
                                        .map(LabelledText::label)
                                        .distinct()
                                        .sorted()
                                        .toList(),
                                dataset.sha1()),
                        pathSeparator,
                        parent);
        UUID id = UUID.randomUUID();
        ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
        ModelFile.write(result.model(), modelBytes);
        S3Location weights = new S3Location("models", "runs/" + id + "/model.prodcat");
        ByteArrayOutputStream dualBytes = new ByteArrayOutputStream();
        result.duals().write(dualBytes);
        store.put(
                new S3Location("models", weights.key() + DualState.FILE_SUFFIX),
                new ByteArrayInputStream(dualBytes.toByteArray()),
                dualBytes.size(),
                "application/octet-stream");
        store.put(
                weights,
                new ByteArrayInputStream(modelBytes.toByteArray()),
                modelBytes.size(),
                "application/octet-stream");
        S3Location manifest = new S3Location("models", "runs/" + id + "/holdout.json");
        byte[] manifestJson = HoldoutManifest.of(dataset, SCHEMA, split).toJson();
        store.put(manifest, new ByteArrayInputStream(manifestJson), manifestJson.length, "application/json");
        String runId = tracker.startRun("evaluate-it", "train-" + id, Map.of("training_id", id.toString()));
        tracker.endRun(runId, ExperimentTracker.RunEnd.FINISHED);
        TrainingDao trainings = jdbi.onDemand(TrainingDao.class);
        trainings.insert(TrainingRecord.running(
                id,
                Instant.now(),
                dataset.sha1(),
                datasetLocation.toString(),
                UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "abcdefgh"));
        trainings.finish(id, runId, "checkpoint-1", 1, 1, weights.toString(), Instant.now(), 1);
        return new TrainingCompleted(
                id.toString(),
                runId,
                datasetLocation.toString(),
                dataset.sha1(),
                weights.toString(),
                manifest.toString(),
                "checkpoint-1",
                1,
                1,
                SCHEMA.textColumns(),
                SCHEMA.labelColumn());
    }
}
