package io.prodcat.predict;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.engine.training.Parent;
import io.prodcat.engine.training.TrainingResult;
import io.prodcat.testkit.SyntheticCatalog;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small models trained on the synthetic catalog (labels beverages, dairy, pets, snacks), for the ITs to serve. */
public class TestModels {

    private TestModels() {}

    public static LinearClassifier trained(UnaryOperator<String> relabel) {
        return trained(relabel, null);
    }

    /** Labels that are paths joined by {@code pathSeparator} (e.g. {@link SyntheticCatalog#PATHS}). */
    public static LinearClassifier trained(UnaryOperator<String> relabel, String pathSeparator) {
        return trained(relabel, pathSeparator, null).model();
    }

    /**
     * The same rows trained twice: the second time after the first (its setting and duals, registry version
     * {@code parentVersion} of training {@code parentTrainingId}: the lineage recorded).
     */
    public static LinearClassifier trainedAfterItself(String parentVersion, String parentTrainingId) {
        TrainingResult parent = trained(label -> label, null, null);
        return trained(label -> label, null, Parent.of(parent, parentVersion, parentTrainingId))
                .model();
    }

    private static TrainingResult trained(UnaryOperator<String> relabel, String pathSeparator, Parent parent) {
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
                        pathSeparator,
                        parent);
    }
}
