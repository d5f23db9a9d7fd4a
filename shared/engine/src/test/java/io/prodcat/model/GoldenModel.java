package io.prodcat.model;

import io.prodcat.dataset.SyntheticRows;
import io.prodcat.training.HyperparameterOverrides;
import io.prodcat.training.Hyperparameters;
import io.prodcat.training.LinearTrainer;
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

    public static void main(String[] args) throws Exception {
        LinearClassifier model = new LinearTrainer(HyperparameterOverrides.apply(
                        Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5")))
                .train(SyntheticRows.pathDataset(30, 99), " > ")
                .model();
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
