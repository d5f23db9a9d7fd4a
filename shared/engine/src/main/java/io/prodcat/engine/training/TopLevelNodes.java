package io.prodcat.engine.training;

import io.prodcat.engine.model.NodeWeights;
import io.prodcat.engine.model.SparseWeights;
import java.util.List;

/**
 * The one-vs-rest model over a tree's top-level nodes that {@link NodeWeights} shares with the leaves. Solved once
 * on the training rows before the leaves' checkpoints, so that each checkpoint can be scored with every share of
 * {@link Hyperparameters#nodeShares} (0: the leaves alone) and the validation picks; refitted on all rows only when
 * a share above 0 wins.
 */
final class TopLevelNodes {

    private final OneVsRest problem;
    private final int[] nodeOfClass;
    private final List<Double> shares;
    private final int nodes;
    private final float[] validationScores; // validation row * nodes + node
    private final DualSolution[] solutions;
    private final double cost;
    private final double classWeightPower;
    private int epochs;

    private TopLevelNodes(OneVsRest problem, int[] nodeOfClass, int nodes, Hyperparameters h) {
        this.problem = problem;
        this.nodeOfClass = nodeOfClass;
        this.nodes = nodes;
        this.shares = h.nodeShares();
        this.validationScores = new float[problem.validationTruth().length * nodes];
        this.solutions = problem.start();
        this.cost = h.costs().get(h.costs().size() / 2); // the middle of the leaves' cost path
        this.classWeightPower = h.classWeightPowers().get(0);
    }

    /** Nodes not solved yet: {@link #weights} solves them from zero. */
    static TopLevelNodes unsolved(OneVsRest problem, int[] nodeOfClass, int nodes, Hyperparameters hyperparameters) {
        return new TopLevelNodes(problem, nodeOfClass, nodes, hyperparameters);
    }

    /** Solves the nodes on the training rows and scores the validation rows ({@link #epochs}: a node's most passes). */
    static TopLevelNodes fit(OneVsRest problem, int[] nodeOfClass, int nodes, Hyperparameters hyperparameters) {
        TopLevelNodes fitted = new TopLevelNodes(problem, nodeOfClass, nodes, hyperparameters);
        fitted.epochs = problem.solve(
                fitted.solutions, fitted.cost, fitted.classWeightPower, false, (node, weights, rows, rowCount) -> {
                    float[] column = problem.validationScores(weights);
                    for (int row = 0; row < column.length; row++) {
                        fitted.validationScores[row * nodes + node] = column[row];
                    }
                });
        return fitted;
    }

    int epochs() {
        return epochs;
    }

    double cost() {
        return cost;
    }

    /** The shares each checkpoint is scored with (0: the leaves alone). */
    List<Double> shares() {
        return shares;
    }

    /** A use that scores the validation rows with each leaf's weights into {@code perShare} (in {@link #shares} order). */
    OneVsRest.WeightsUse scoreValidation(OneVsRest leaves, ValidationScores[] perShare) {
        return (c, weights, rows, rowCount) -> {
            float[] column = leaves.validationScores(weights);
            for (int s = 0; s < shares.size(); s++) {
                float share = shares.get(s).floatValue();
                if (share == 0) {
                    perShare[s].add(c, column);
                    continue;
                }
                float[] shifted = new float[column.length];
                for (int row = 0; row < column.length; row++) {
                    shifted[row] = column[row] + share * validationScores[row * nodes + nodeOfClass[c]];
                }
                perShare[s].add(c, shifted);
            }
        };
    }

    /** The node weights for the model at this share: refitted on all rows, or as solved on the training rows. */
    NodeWeights weights(double share, boolean refit, int columns, Compaction compaction) {
        ModelAssembly.Weights weights = new ModelAssembly.Weights(nodes, columns, compaction);
        if (refit) {
            problem.solve(solutions, cost, classWeightPower, true, weights::take);
        } else {
            problem.weights(solutions, weights::take);
        }
        return new NodeWeights(SparseWeights.of(weights.perClass(), columns), weights.bias(), (float) share);
    }
}
