package io.prodcat.training;

/**
 * Fits the one scale t that turns SVM scores into probabilities softmax(t · score) with the lowest
 * negative log-likelihood on validation rows (temperature scaling, Guo et al. 2017), by golden-section
 * search over ln t in [ln 0.1, ln 200].
 */
final class Temperature {

    private Temperature() {}

    static double fit(double[][] scores, int[] truth) {
        double low = Math.log(0.1);
        double high = Math.log(200);
        double ratio = (Math.sqrt(5) - 1) / 2;
        for (int step = 0; step < 60; step++) {
            double a = high - ratio * (high - low);
            double b = low + ratio * (high - low);
            if (negativeLogLikelihood(scores, truth, Math.exp(a)) < negativeLogLikelihood(scores, truth, Math.exp(b))) {
                high = b;
            } else {
                low = a;
            }
        }
        return Math.exp((low + high) / 2);
    }

    private static double negativeLogLikelihood(double[][] scores, int[] truth, double scale) {
        double total = 0;
        for (int i = 0; i < scores.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double score : scores[i]) {
                max = Math.max(max, score * scale);
            }
            double sum = 0;
            for (double score : scores[i]) {
                sum += Math.exp(score * scale - max);
            }
            total += Math.log(sum) + max - scores[i][truth[i]] * scale;
        }
        return total / scores.length;
    }
}
