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
 * @param duals      its final duals, from which the solves start (null: not kept; they start from zero)
 */
public record Parent(LinearClassifier model, String version, String trainingId, DualState duals) {

    public Parent {
        java.util.Objects.requireNonNull(model, "model");
    }

    /** A parent from a training's result. */
    public static Parent of(TrainingResult result, String version, String trainingId) {
        return new Parent(result.model(), version, trainingId, result.duals());
    }

    /**
     * Why a training with these settings and labels cannot start from this parent; empty when it can. Its setting was
     * chosen for its feature space (the same hashing and n-gram settings: a column is a hashed n-gram) and kind of
     * labels, so those must be the same; it must record that setting and have kept its duals.
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
        if (duals == null) {
            return Optional.of("the parent model kept no duals (trained before 2026-12-08, or its duals file is gone)");
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
