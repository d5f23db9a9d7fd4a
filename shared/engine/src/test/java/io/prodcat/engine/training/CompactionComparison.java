package io.prodcat.engine.training;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.evaluation.ClassMetrics;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.taxonomy.Taxonomy;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark (not a test; bench/run.sh runs it): what compacting the weights costs. Trains the same model twice on a
 * catalogue, once with the weights kept without loss and once compacted as every model is, and scores both on one of
 * its parts. Prints one JSON object: each model's macro-F1, worst class, size, and the classes compaction hurt
 * (silenced: the lossless model predicts some of its rows right, the compacted one none).
 *
 * <p>Arguments: catalogue directory (train.csv and the part to score), label column, part to score ({@code valid}
 * or {@code test}), optional compaction tolerances to compare (comma-separated; default: the default tolerance).
 */
public final class CompactionComparison {

    private CompactionComparison() {}

    public static void main(String[] args) throws Exception {
        CsvDatasetReader reader = new CsvDatasetReader(DatasetSchema.of("product_name", args[1]), ReadLimits.DEFAULT);
        Dataset train = reader.read(Path.of(args[0], "train.csv"));
        Dataset scored = reader.read(Path.of(args[0], args[2] + ".csv"));
        String[] tolerances =
                (args.length > 3 ? args[3] : Double.toString(Hyperparameters.DEFAULT_COMPACTION_TOLERANCE)).split(",");
        // path labels are trained as paths, as the command line does (node weights included)
        String separator = Taxonomy.separatorFor(train.labels(), Taxonomy.DEFAULT_SEPARATOR);
        Evaluation lossless = Evaluator.evaluate(
                new LinearTrainer(Hyperparameters.DEFAULT)
                        .withLosslessWeights()
                        .train(train, separator)
                        .model(),
                scored.rows());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scored_on", args[2]);
        result.put("lossless", figures(lossless));
        Map<String, Object> compactions = new LinkedHashMap<>();
        for (String tolerance : tolerances) {
            Hyperparameters hyperparameters = HyperparameterOverrides.apply(
                    Hyperparameters.DEFAULT, Map.of("compactionTolerance", tolerance.strip()));
            LinearClassifier compact =
                    new LinearTrainer(hyperparameters).train(train, separator).model();
            Evaluation compacted = Evaluator.evaluate(compact, scored.rows());
            Map<String, Object> compactFigures = figures(compacted);
            compactFigures.put("non_zero_weights", nonZeros(compact));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelFile.write(compact, bytes);
            compactFigures.put("model_bytes", bytes.size());
            compactFigures.put("hurt", hurt(lossless, compacted));
            compactions.put(tolerance.strip(), compactFigures);
        }
        result.put("compact_at_tolerance", compactions);
        System.out.println(JsonMapper.builder().build().writeValueAsString(result));
    }

    private static Map<String, Object> figures(Evaluation evaluation) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("macro_f1", evaluation.macroF1());
        figures.put("min_f1", evaluation.minF1());
        figures.put("worst_class", evaluation.worstClass().label());
        return figures;
    }

    /** Classes whose F1 compaction lowered by more than 0.05, and those it silenced, with both F1s. */
    static Map<String, Object> hurt(Evaluation lossless, Evaluation compacted) {
        List<String> silenced = new ArrayList<>();
        Map<String, String> lowered = new LinkedHashMap<>();
        for (int c = 0; c < lossless.labels().size(); c++) {
            if (lossless.confusion()[c][c] > 0 && compacted.confusion()[c][c] == 0) {
                silenced.add(lossless.labels().get(c));
            }
        }
        Map<String, ClassMetrics> after = new LinkedHashMap<>();
        compacted.perClass().forEach(metrics -> after.put(metrics.label(), metrics));
        for (ClassMetrics before : lossless.perClass()) {
            ClassMetrics now = after.get(before.label());
            if (now != null && before.f1() - now.f1() > 0.05) {
                lowered.put(
                        before.label(), String.format(java.util.Locale.ROOT, "%.3f -> %.3f", before.f1(), now.f1()));
            }
        }
        Map<String, Object> hurt = new LinkedHashMap<>();
        hurt.put("silenced", silenced);
        hurt.put("lowered_by_more_than_0.05", lowered);
        return hurt;
    }

    private static int nonZeros(LinearClassifier model) {
        return model.weights().nonZeros()
                + model.nodeWeights().map(nodes -> nodes.weights().nonZeros()).orElse(0);
    }
}
