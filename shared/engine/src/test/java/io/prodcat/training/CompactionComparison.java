package io.prodcat.training;

import io.prodcat.dataset.CsvDatasetReader;
import io.prodcat.dataset.Dataset;
import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.ReadLimits;
import io.prodcat.evaluation.Evaluation;
import io.prodcat.evaluation.Evaluator;
import io.prodcat.model.LinearClassifier;
import io.prodcat.model.ModelFile;
import io.prodcat.taxonomy.Taxonomy;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark (not a test; bench/run.sh runs it): what compacting the weights costs. Trains the same model twice on a
 * split, once with the weights kept without loss and once compacted as every model is, and scores both on the test
 * set. Prints one JSON object. Arguments: split directory, label column.
 */
public final class CompactionComparison {

    private CompactionComparison() {}

    public static void main(String[] args) throws Exception {
        CsvDatasetReader reader = new CsvDatasetReader(DatasetSchema.of("product_name", args[1]), ReadLimits.DEFAULT);
        Dataset train = reader.read(Path.of(args[0], "train.csv"));
        Dataset test = reader.read(Path.of(args[0], "test.csv"));
        LinearTrainer trainer = new LinearTrainer(Hyperparameters.DEFAULT);
        // path labels are trained as paths, as the command line does (node weights included)
        String separator = Taxonomy.separatorFor(train.labels(), Taxonomy.DEFAULT_SEPARATOR);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(
                "lossless",
                figures(trainer.withLosslessWeights().train(train, separator).model(), test, false));
        result.put("compact", figures(trainer.train(train, separator).model(), test, true));
        System.out.println(JsonMapper.builder().build().writeValueAsString(result));
    }

    private static Map<String, Object> figures(LinearClassifier model, Dataset test, boolean stored) throws Exception {
        Evaluation evaluation = Evaluator.evaluate(model, test.rows());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("macro_f1", evaluation.macroF1());
        figures.put("min_f1", evaluation.minF1());
        figures.put(
                "non_zero_weights",
                model.weights().nonZeros()
                        + model.nodeWeights()
                                .map(nodes -> nodes.weights().nonZeros())
                                .orElse(0));
        figures.put(
                "dense_weights",
                (long) model.features().columnCount()
                        * (model.labels().size()
                                + model.nodeWeights()
                                        .map(nodes -> nodes.weights().classes())
                                        .orElse(0)));
        if (stored) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelFile.write(model, bytes);
            figures.put("model_bytes", bytes.size());
        }
        return figures;
    }
}
