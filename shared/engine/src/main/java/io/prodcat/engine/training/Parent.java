package io.prodcat.engine.training;

import io.prodcat.engine.features.FeatureConfig;
import io.prodcat.engine.model.LinearClassifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model a training starts from (warm start) and where it came from.
 *
 * @param model      the parent model
 * @param version    its registry version (null: a model file given by hand)
 * @param trainingId the training that made it (null: unknown)
 */
public record Parent(LinearClassifier model, String version, String trainingId) {

    public Parent {
        java.util.Objects.requireNonNull(model, "model");
    }

    /**
     * Why a training with these settings and labels cannot start from this parent; empty when it can. Its weights are
     * only meaningful in the same feature space (the same hashing and n-gram settings: a column is a hashed n-gram) and
     * the same kind of labels, and it must record the setting it was trained at.
     */
    public Optional<String> incompatibility(FeatureConfig features, String pathSeparator, List<String> labels) {
        if (model.provenance().chosen() == null) {
            return Optional.of(
                    "the parent model does not record the setting it was trained at (it predates warm" + " starts)");
        }
        FeatureConfig parentFeatures = model.features().config();
        if (!parentFeatures.equals(features)) {
            return Optional.of("the parent model's feature settings differ: " + differences(parentFeatures, features));
        }
        String parentSeparator = model.pathSeparator().orElse(null);
        if (!java.util.Objects.equals(parentSeparator, pathSeparator)) {
            return Optional.of("the parent model's labels are "
                    + (parentSeparator == null ? "flat" : "paths joined by '" + parentSeparator + "'")
                    + ", this training's are "
                    + (pathSeparator == null ? "flat" : "paths joined by '" + pathSeparator + "'"));
        }
        Set<String> shared = new HashSet<>(model.labels());
        shared.retainAll(labels);
        if (shared.isEmpty()) {
            return Optional.of("the parent model shares no label with this training's data");
        }
        return Optional.empty();
    }

    private static String differences(FeatureConfig parent, FeatureConfig child) {
        List<String> differ = new ArrayList<>();
        compare(differ, "features.wordMaxN", parent.wordMaxN(), child.wordMaxN());
        compare(differ, "features.charMinN", parent.charMinN(), child.charMinN());
        compare(differ, "features.charMaxN", parent.charMaxN(), child.charMaxN());
        compare(differ, "features.hashBits", parent.hashBits(), child.hashBits());
        compare(differ, "features.charWeight", parent.charWeight(), child.charWeight());
        compare(differ, "features.minDf", parent.minDf(), child.minDf());
        return String.join(", ", differ);
    }

    private static void compare(List<String> differ, String name, Object parent, Object child) {
        if (!parent.equals(child)) {
            differ.add(name + " " + parent + " in the parent, " + child + " here");
        }
    }
}
