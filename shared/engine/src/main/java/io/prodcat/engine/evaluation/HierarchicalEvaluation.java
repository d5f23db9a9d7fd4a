package io.prodcat.engine.evaluation;

import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;

/**
 * Quality of leaf predictions in a tree: each level's figures (a prediction is right at a level when its node there is
 * the truth's) and hierarchical F1 in its usual, ancestor-augmented form: each path counts as the set of its nodes
 * from level 1 down to the leaf, precision = Σ|predicted ∩ true| / Σ|predicted|, recall = Σ|predicted ∩ true| /
 * Σ|true|.
 *
 * @param levels                level 1 (the top) to the deepest, which is the leaf level (a shallower leaf counts as
 *                              its own node below its level)
 * @param hierarchicalPrecision ancestor-augmented precision
 * @param hierarchicalRecall    ancestor-augmented recall
 * @param hierarchicalF1        their harmonic mean
 */
public record HierarchicalEvaluation(
        List<Evaluation> levels, double hierarchicalPrecision, double hierarchicalRecall, double hierarchicalF1) {

    /**
     * @param truth     true leaf of each row, an index into {@code taxonomy.leaves()}
     * @param predicted predicted leaf of each row
     */
    public static HierarchicalEvaluation of(Taxonomy taxonomy, int[] truth, int[] predicted) {
        List<Evaluation> levels = new ArrayList<>();
        for (int level = 1; level <= taxonomy.depth(); level++) {
            int[] levelTruth = new int[truth.length];
            int[] levelPredicted = new int[predicted.length];
            for (int i = 0; i < truth.length; i++) {
                levelTruth[i] = taxonomy.nodeOf(truth[i], level);
                levelPredicted[i] = taxonomy.nodeOf(predicted[i], level);
            }
            levels.add(Evaluation.of(taxonomy.nodesAt(level), levelTruth, levelPredicted));
        }
        long shared = 0;
        long predictedNodes = 0;
        long trueNodes = 0;
        for (int i = 0; i < truth.length; i++) {
            List<String> truePath = taxonomy.path(truth[i]);
            List<String> predictedPath = taxonomy.path(predicted[i]);
            int common = 0;
            while (common < Math.min(truePath.size(), predictedPath.size())
                    && truePath.get(common).equals(predictedPath.get(common))) {
                common++;
            }
            shared += common;
            predictedNodes += predictedPath.size();
            trueNodes += truePath.size();
        }
        double precision = predictedNodes == 0 ? 0 : (double) shared / predictedNodes;
        double recall = trueNodes == 0 ? 0 : (double) shared / trueNodes;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new HierarchicalEvaluation(List.copyOf(levels), precision, recall, f1);
    }

    /** The figures of the leaf level (the deepest): the flat figures of the same predictions. */
    public Evaluation leaves() {
        return levels.get(levels.size() - 1);
    }
}
