package io.prodcat.cli;

import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.model.ScoredLabel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "predict", description = "Predict the label of each TEXT; prints one JSON line per text.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file written by train")
    Path model;

    @Option(names = "--top", defaultValue = "1", description = "how many labels to return per text (default 1)")
    int top;

    @Option(
            names = "--min-confidence",
            description = "for a model whose labels are paths: also answer the deepest level whose probability "
                    + "reaches this (0..1), as 'backedOff'")
    Double minConfidence;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "product titles")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("--min-confidence must be in 0..1, got " + minConfidence);
        }
        LinearClassifier classifier = ModelFile.read(model);
        JsonMapper json = JsonMapper.builder().build();
        for (String text : texts) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("empty TEXT: give a product title");
            }
            double[] probabilities = classifier.probabilities(text);
            List<ScoredLabel> labels = classifier.top(probabilities, top);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", text);
            line.put("label", labels.get(0).label());
            line.put("probability", labels.get(0).probability());
            line.put("top", labels);
            if (classifier.pathSeparator().isPresent()) {
                line.put("levels", classifier.levels(probabilities));
                if (minConfidence != null) {
                    line.put("backedOff", classifier.taxonomy().backOff(probabilities, minConfidence));
                }
            }
            spec.commandLine().getOut().println(json.writeValueAsString(line));
        }
        return 0;
    }
}
