package io.prodcat.engine.model;

import io.prodcat.engine.features.SparseVector;

/**
 * A linear model over the tree's top-level nodes (departments, when leaves are aisles), whose score, times
 * {@code share}, is added to the score of every leaf under the node. A leaf then wins only with its department's
 * support: fewer answers in the right aisle name of the wrong department. Training chooses the share on validation
 * (0: no node weights at all).
 *
 * @param weights     one class per top-level node, in {@link io.prodcat.engine.taxonomy.Taxonomy#nodesAt} order of level 1
 * @param bias        each node's bias
 * @param share       how much of a node's score each of its leaves gets
 */
public record NodeWeights(SparseWeights weights, float[] bias, float share) {

    public NodeWeights {
        if (bias.length != weights.classes()) {
            throw new IllegalArgumentException(bias.length + " biases for " + weights.classes() + " nodes");
        }
        if (!(share > 0) || Float.isInfinite(share)) {
            throw new IllegalArgumentException("node share must be positive, got " + share);
        }
    }

    /** Adds share × the score of its node to each leaf's score ({@code nodeOfLeaf[leaf]}). */
    void addTo(SparseVector vector, int[] nodeOfLeaf, float[] leafScores) {
        float[] nodeScores = bias.clone();
        weights.addTo(vector, nodeScores);
        for (int leaf = 0; leaf < leafScores.length; leaf++) {
            leafScores[leaf] += share * nodeScores[nodeOfLeaf[leaf]];
        }
    }
}
