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
 * The stored format-1 model and the predictions it made when it was written. Run {@link #main} only when
 * the file format changes on purpose (a new format version keeps the old golden file beside the new one).
 */
final class GoldenModel {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");
    static final Path MODEL = DIRECTORY.resolve("model-format-1.prodcat");
    static final Path PREDICTIONS = DIRECTORY.resolve("model-format-1.predictions.json");
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
                .train(SyntheticRows.dataset(30, 99))
                .model();
        Files.createDirectories(DIRECTORY);
        ModelFile.write(model, MODEL);
        Files.writeString(
                PREDICTIONS,
                JsonMapper.builder()
                        .build()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(predictions(ModelFile.read(MODEL))));
    }
}
