package io.prodcat.predict;

import io.prodcat.dataset.Dataset;
import io.prodcat.dataset.LabelledText;
import io.prodcat.model.LinearClassifier;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.training.HyperparameterOverrides;
import io.prodcat.training.Hyperparameters;
import io.prodcat.training.LinearTrainer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small models trained on the synthetic catalog (labels beverages, dairy, pets, snacks), for the ITs to serve. */
final class TestModels {

    private TestModels() {}

    static LinearClassifier trained(UnaryOperator<String> relabel) {
        return trained(relabel, null);
    }

    /** Labels that are paths joined by {@code pathSeparator} (e.g. {@link SyntheticCatalog#PATHS}). */
    static LinearClassifier trained(UnaryOperator<String> relabel, String pathSeparator) {
        List<LabelledText> rows = SyntheticCatalog.products(40, 1).stream()
                .map(row -> new LabelledText(row.title(), relabel.apply(row.category())))
                .toList();
        return new LinearTrainer(HyperparameterOverrides.apply(
                        Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5")))
                .train(
                        new Dataset(
                                rows,
                                rows.stream()
                                        .map(LabelledText::label)
                                        .distinct()
                                        .sorted()
                                        .toList(),
                                "0".repeat(40)),
                        pathSeparator)
                .model();
    }
}
