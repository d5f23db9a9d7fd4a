package io.prodcat.model;

import io.prodcat.features.FeatureSpace;
import io.prodcat.features.SparseVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained linear text classifier: score(c) = bias[c] + Σ value · weight[column][c], probabilities by
 * softmax(temperature · score). Immutable and thread-safe.
 */
public final class LinearClassifier {

    private final List<String> labels;
    private final FeatureSpace features;
    private final float[] weights; // column-major: weights[column * classes + c]
    private final float[] bias;
    private final double temperature;
    private final Provenance provenance;

    public LinearClassifier(
            List<String> labels,
            FeatureSpace features,
            float[] weights,
            float[] bias,
            double temperature,
            Provenance provenance) {
        if (labels.size() < 2
                || bias.length != labels.size()
                || weights.length != (long) features.columnCount() * labels.size()) {
            throw new IllegalArgumentException("inconsistent model: " + labels.size() + " labels, " + bias.length
                    + " biases, " + weights.length + " weights for " + features.columnCount() + " columns");
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
    }

    /** The {@code k} most likely labels, most likely first, with probabilities that sum to 1 over all labels. */
    public List<ScoredLabel> predict(String text, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        double[] probabilities = probabilities(scores(features.vectorize(text)));
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

    /** Every label's probability, in {@link #labels()} order (temperature-scaled softmax; they sum to 1). */
    public double[] probabilities(String text) {
        return probabilities(scores(features.vectorize(text)));
    }

    /** Index into {@link #labels()} of the best-scoring label. */
    public int predictIndex(String text) {
        double[] scores = scores(features.vectorize(text));
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
        int classes = bias.length;
        double[] scores = new double[classes];
        for (int c = 0; c < classes; c++) {
            scores[c] = bias[c];
        }
        int[] columns = vector.columns();
        float[] values = vector.values();
        for (int i = 0; i < columns.length; i++) {
            int base = columns[i] * classes;
            float value = values[i];
            for (int c = 0; c < classes; c++) {
                scores[c] += value * weights[base + c];
            }
        }
        return scores;
    }

    private double[] probabilities(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
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

    /** Copies of the weight arrays, for the model file. */
    float[] weightsCopy() {
        return weights.clone();
    }

    float[] biasCopy() {
        return bias.clone();
    }
}
