package io.prodcat.engine.model;

import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.features.SparseVector;
import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trained linear text classifier: score(c) = bias[c] + Σ value · weight[column][c], probabilities by
 * softmax(temperature · score). When its labels are paths (a path separator is set) they form a {@link Taxonomy},
 * and {@link NodeWeights} may add a share of each top-level node's score to the leaves under it. Immutable and
 * thread-safe.
 */
public final class LinearClassifier {

    private final List<String> labels;
    private final FeatureSpace features;
    private final SparseWeights weights;
    private final float[] bias;
    private final double temperature;
    private final Provenance provenance;
    private final String pathSeparator; // null: flat labels
    private final Taxonomy taxonomy;
    private final NodeWeights nodeWeights; // null: leaf scores alone
    private final int[] nodeOfLeaf; // each leaf's top-level node, when there are node weights

    /**
     * @param pathSeparator what joins the levels of a label path, or null when labels are flat
     * @param nodeWeights   scores of the top-level nodes shared with their leaves, or null; needs path labels
     * @throws io.prodcat.engine.taxonomy.TaxonomyException when the labels do not form a tree with that separator
     */
    public LinearClassifier(
            List<String> labels,
            FeatureSpace features,
            SparseWeights weights,
            float[] bias,
            double temperature,
            Provenance provenance,
            String pathSeparator,
            NodeWeights nodeWeights) {
        if (labels.size() < 2
                || bias.length != labels.size()
                || weights.classes() != labels.size()
                || weights.columns() != features.columnCount()) {
            throw new IllegalArgumentException("inconsistent model: " + labels.size() + " labels, " + bias.length
                    + " biases, weights of " + weights.classes() + " classes × " + weights.columns()
                    + " columns for " + features.columnCount() + " columns");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.labels = List.copyOf(labels);
        this.features = features;
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
        this.provenance = provenance;
        this.pathSeparator = pathSeparator;
        this.taxonomy = pathSeparator == null ? Taxonomy.flat(labels) : Taxonomy.of(labels, pathSeparator);
        this.nodeWeights = nodeWeights;
        this.nodeOfLeaf = nodeWeights == null ? null : nodeOfLeaf(taxonomy, nodeWeights, features);
    }

    private static int[] nodeOfLeaf(Taxonomy taxonomy, NodeWeights nodeWeights, FeatureSpace features) {
        if (taxonomy.depth() < 2
                || nodeWeights.weights().classes() != taxonomy.nodesAt(1).size()
                || nodeWeights.weights().columns() != features.columnCount()) {
            throw new IllegalArgumentException("node weights of "
                    + nodeWeights.weights().classes() + " nodes × "
                    + nodeWeights.weights().columns() + " columns do not fit a tree of depth " + taxonomy.depth()
                    + " with " + taxonomy.nodesAt(1).size() + " top-level nodes and " + features.columnCount()
                    + " columns");
        }
        return taxonomy.nodesOfLeaves(1);
    }

    /** The {@code k} most likely labels, most likely first, with probabilities that sum to 1 over all labels. */
    public List<ScoredLabel> predict(String text, int k) {
        return top(probabilities(text), k);
    }

    /** The {@code k} most likely labels of these {@link #probabilities(String) probabilities}, most likely first. */
    public List<ScoredLabel> top(double[] probabilities, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (k == 1) { // the common call: one pass, nothing to remember
            int best = argmax(probabilities);
            return List.of(new ScoredLabel(labels.get(best), probabilities[best]));
        }
        int take = Math.min(k, labels.size());
        boolean[] taken = new boolean[labels.size()];
        List<ScoredLabel> top = new ArrayList<>(take);
        for (int i = 0; i < take; i++) { // k is small: repeated selection beats sorting every label
            int best = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (!taken[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top.add(new ScoredLabel(labels.get(best), probabilities[best]));
        }
        return top;
    }

    /**
     * The most likely label's path, each level with its probability (the sum over the leaves under it); one level
     * when the labels are flat.
     */
    public List<Taxonomy.Level> levels(double[] probabilities) {
        return taxonomy.levels(argmax(probabilities), probabilities);
    }

    /** The index of the largest value; the first of equal ones. */
    private static int argmax(double[] values) {
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Every label's probability, in {@link #labels()} order (temperature-scaled softmax; they sum to 1). */
    public double[] probabilities(String text) {
        return probabilities(floatScores(features.vectorize(text)));
    }

    /** Index into {@link #labels()} of the best-scoring label. */
    public int predictIndex(String text) {
        float[] scores = floatScores(features.vectorize(text));
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Raw decision scores, one per label. */
    public double[] scores(SparseVector vector) {
        float[] scores = floatScores(vector);
        double[] widened = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            widened[c] = scores[c];
        }
        return widened;
    }

    /**
     * Scores summed in floats: with thousands of classes the array then stays in the core's first-level cache
     * while the input's weights are scattered into it (5,000 classes: 20 KB instead of 40 KB).
     */
    private float[] floatScores(SparseVector vector) {
        float[] scores = bias.clone();
        weights.addTo(vector, scores);
        if (nodeWeights != null) {
            nodeWeights.addTo(vector, nodeOfLeaf, scores);
        }
        return scores;
    }

    private double[] probabilities(float[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (float score : scores) {
            max = Math.max(max, score * temperature);
        }
        double sum = 0;
        double[] probabilities = new double[scores.length];
        for (int c = 0; c < scores.length; c++) {
            probabilities[c] = Math.exp(scores[c] * temperature - max);
            sum += probabilities[c];
        }
        for (int c = 0; c < scores.length; c++) {
            probabilities[c] /= sum;
        }
        return probabilities;
    }

    public List<String> labels() {
        return labels;
    }

    public FeatureSpace features() {
        return features;
    }

    public double temperature() {
        return temperature;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** What joins the levels of a label path; empty when the labels are flat. */
    public Optional<String> pathSeparator() {
        return Optional.ofNullable(pathSeparator);
    }

    /** The tree of the labels: one level when they are flat. */
    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** The weights (for the model file and size reports). */
    public SparseWeights weights() {
        return weights;
    }

    /** The top-level nodes' weights shared with their leaves; empty when the leaves score alone. */
    public Optional<NodeWeights> nodeWeights() {
        return Optional.ofNullable(nodeWeights);
    }

    float[] biasCopy() {
        return bias.clone();
    }
}
