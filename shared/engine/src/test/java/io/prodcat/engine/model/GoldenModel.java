package io.prodcat.engine.model;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.SyntheticRows;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored models of each format and the predictions they made when they were written. Run {@link #main} only when
 * the file format changes on purpose: it writes the current format's files; older formats' files stay as they are.
 */
final class GoldenModel {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");

    /** A stored model file and its recorded predictions. */
    record Golden(Path model, Path predictions) {
        static Golden ofFormat(int version) {
            return new Golden(
                    DIRECTORY.resolve("model-format-" + version + ".prodcat"),
                    DIRECTORY.resolve("model-format-" + version + ".predictions.json"));
        }
    }

    /** Dense weights, flat labels. */
    static final Golden FORMAT_1 = Golden.ofFormat(1);
    /** Compact weights, path labels ({@code fresh > dairy}). */
    static final Golden FORMAT_2 = Golden.ofFormat(2);
    /** Compact weights, path labels, and node weights for {@code fresh} and {@code pantry} at share 0.5. */
    static final Golden FORMAT_3 = Golden.ofFormat(3);

    static final List<String> TEXTS = List.of(
            "organic whole milk 32 oz",
            "family size potato chips",
            "sparkling lemonade",
            "cat litter unscented",
            "plain text the model never saw",
            "Crème fraîche");

    private GoldenModel() {}

    static Map<String, List<ScoredLabel>> predictions(LinearClassifier model) {
        Map<String, List<ScoredLabel>> predictions = new LinkedHashMap<>();
        TEXTS.forEach(text -> predictions.put(text, model.predict(text, 4)));
        return predictions;
    }

    /**
     * Writes the current format's golden files: a model of the synthetic path catalogue with node weights. The
     * catalogue is too easy for validation to pick a node share, so the nodes' weights come from a flat model of the
     * same rows labelled by their top-level node (the same texts and settings give the same feature columns).
     */
    public static void main(String[] args) throws Exception {
        Hyperparameters settings = HyperparameterOverrides.apply(
                Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5"));
        Dataset paths = SyntheticRows.pathDataset(30, 99);
        LinearClassifier leaves =
                new LinearTrainer(settings).train(paths, " > ").model();
        List<LabelledText> topLevel = paths.rows().stream()
                .map(row -> new LabelledText(row.text(), row.label().split(" > ")[0]))
                .toList();
        LinearClassifier nodes = new LinearTrainer(settings)
                .train(new Dataset(topLevel, List.of("fresh", "pantry"), paths.sha1()))
                .model();
        LinearClassifier model = new LinearClassifier(
                leaves.labels(),
                leaves.features(),
                leaves.weights(),
                leaves.biasCopy(),
                leaves.temperature(),
                leaves.provenance(),
                " > ",
                new NodeWeights(nodes.weights(), nodes.biasCopy(), 0.5f));
        Golden current = Golden.ofFormat(ModelFile.FORMAT_VERSION);
        Files.createDirectories(DIRECTORY);
        ModelFile.write(model, current.model());
        Files.writeString(
                current.predictions(),
                JsonMapper.builder()
                        .build()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(predictions(ModelFile.read(current.model()))));
    }
}
