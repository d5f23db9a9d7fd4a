package io.prodcat.cli;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.DualState;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.engine.training.Parent;
import io.prodcat.engine.training.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "train",
        description = "Train on a labelled CSV (header row, UTF-8) and save the model. "
                + "The last line of stdout is a JSON object with the quality figures.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "training CSV")
    Path data;

    @Option(names = "--test", description = "test CSV; without it the figures are on the held-out validation split")
    Path test;

    @Mixin
    DatasetColumns columns;

    @Option(
            names = "--out",
            required = true,
            description = "where to write the model file; its final duals go beside it (MODEL.duals), for a training"
                    + " --from it")
    Path out;

    @Option(
            names = "--from",
            description = "train after this model (warm start): one solve of all rows at the setting it was chosen at,"
                    + " started from its duals (MODEL.duals), instead of the cost path, unless a cold check on a sample"
                    + " or more than 2 % of the rows in new classes or relabelled say cold; refused when its feature"
                    + " settings or kind of labels differ or it has no duals")
    Path from;

    @Option(names = "--param", description = "override a hyperparameter, e.g. --param costs=0.5,1 (see docs/ENGINE.md)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Hyperparameters hyperparameters = HyperparameterOverrides.apply(Hyperparameters.DEFAULT, overrides);
        CsvDatasetReader reader = columns.reader();
        Dataset dataset = reader.read(data);
        Dataset testSet = test == null ? null : reader.read(test);
        String pathSeparator = columns.separatorFor(dataset.labels());
        Parent parent = from == null ? null : new Parent(ModelFile.read(from), null, null, readDuals(dualsOf(from)));
        TrainingResult result = new LinearTrainer(hyperparameters).train(dataset, pathSeparator, parent);
        ModelFile.write(result.model(), out);
        try (OutputStream duals = Files.newOutputStream(dualsOf(out))) {
            result.duals().write(duals);
        }
        Evaluation evaluation =
                testSet == null ? result.validation() : Evaluator.evaluate(result.model(), testSet.rows());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("evaluated_on", testSet == null ? "validation" : "test");
        summary.putAll(EvaluationJson.figures(evaluation));
        if (testSet != null && pathSeparator != null) { // the validation rows are the trainer's
            summary.put(
                    "hierarchy",
                    EvaluationJson.hierarchy(
                            HierarchicalEvaluator.evaluate(result.model(), testSet.rows(), pathSeparator),
                            pathSeparator));
        }
        summary.put("train_seconds", result.seconds());
        summary.put("best_checkpoint", result.best().name());
        summary.put("dataset_sha1", dataset.sha1());
        summary.put("config_hash", hyperparameters.fingerprint());
        summary.put("model", out.toString());
        summary.put("model_bytes", Files.size(out));
        summary.put("model_non_zero_weights", result.model().weights().nonZeros());
        summary.put("checkpoints", result.checkpoints());
        if (result.model().provenance().lineage() != null) {
            summary.put("lineage", result.model().provenance().lineage());
        }
        spec.commandLine().getOut().println(JsonMapper.builder().build().writeValueAsString(summary));
        return 0;
    }

    /** Where a model file's duals are kept: beside it, its name and {@link DualState#FILE_SUFFIX}. */
    private static Path dualsOf(Path model) {
        return model.resolveSibling(model.getFileName() + DualState.FILE_SUFFIX);
    }

    private static DualState readDuals(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return DualState.read(in);
        }
    }
}
