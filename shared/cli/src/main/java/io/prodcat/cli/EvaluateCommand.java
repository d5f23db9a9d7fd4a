package io.prodcat.cli;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "evaluate",
        description = "Score a model on a labelled CSV and time in-process prediction "
                + "(one thread, after a warm-up pass). Prints one JSON object.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file written by train")
    Path model;

    @Option(names = "--data", required = true, description = "labelled CSV")
    Path data;

    @Mixin
    DatasetColumns columns;

    @Override
    public Integer call() throws Exception {
        long loadStart = System.nanoTime();
        LinearClassifier classifier = ModelFile.read(model);
        double loadMillis = (System.nanoTime() - loadStart) / 1e6;
        Dataset dataset = columns.reader().read(data);
        Evaluation evaluation = Evaluator.evaluate(classifier, dataset.rows());

        Map<String, Object> summary = EvaluationJson.figures(evaluation);
        // the model's own tree; a model trained without one is read with --path-separator
        String separator = classifier.pathSeparator().orElse(columns.separatorFor(evaluation.labels()));
        if (separator != null) {
            summary.put(
                    "hierarchy",
                    EvaluationJson.hierarchy(
                            HierarchicalEvaluator.evaluate(classifier, dataset.rows(), separator), separator));
        }
        summary.put("model_load_ms", loadMillis);
        summary.put("predict_us_per_item", microsPerItem(classifier, dataset.rows()));
        spec.commandLine().getOut().println(JsonMapper.builder().build().writeValueAsString(summary));
        return 0;
    }

    /** Best of five timed passes over all rows, one thread, top-1 label with probabilities. */
    private static double microsPerItem(LinearClassifier classifier, List<LabelledText> rows) {
        long checksum = 0;
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < 6; pass++) {
            long start = System.nanoTime();
            for (LabelledText row : rows) {
                checksum += classifier.predict(row.text(), 1).get(0).label().length();
            }
            double micros = (System.nanoTime() - start) / 1e3 / rows.size();
            if (pass > 0) { // the first pass warms the JIT up
                best = Math.min(best, micros);
            }
        }
        if (checksum == 42) {
            throw new IllegalStateException("unreachable; keeps the JIT from dropping the loop");
        }
        return best;
    }
}
