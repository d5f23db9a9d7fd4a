package io.prodcat.engine.training;

/**
 * Fits the one scale t that turns SVM scores into probabilities softmax(t · score) with the lowest
 * negative log-likelihood on validation rows (temperature scaling, Guo et al. 2017), by golden-section
 * search over ln t in [ln 0.1, ln 200]. Over every class's score when {@link ValidationScores}
 * keeps them all, else over each row's candidates (then the fitted scale runs a little sharp).
 */
final class Temperature {

    private Temperature() {}

    /** The scale for validation scores with the class offsets added ({@link ValidationScores#softmaxSize}). */
    static double fit(ValidationScores scores, double[] offsets) {
        double low = Math.log(0.1);
        double high = Math.log(200);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = high - ratio * (high - low);
        double b = low + ratio * (high - low);
        double atA = negativeLogLikelihood(scores, offsets, Math.exp(a));
        double atB = negativeLogLikelihood(scores, offsets, Math.exp(b));
        for (int step = 0; step < 60; step++) { // one new point a step: the other inner point is kept
            if (atA < atB) {
                high = b;
                b = a;
                atB = atA;
                a = high - ratio * (high - low);
                atA = negativeLogLikelihood(scores, offsets, Math.exp(a));
            } else {
                low = a;
                a = b;
                atA = atB;
                b = low + ratio * (high - low);
                atB = negativeLogLikelihood(scores, offsets, Math.exp(b));
            }
        }
        return Math.exp((low + high) / 2);
    }

    private static double negativeLogLikelihood(ValidationScores scores, double[] offsets, double scale) {
        double total = 0;
        for (int row = 0; row < scores.rows(); row++) {
            double max = Double.NEGATIVE_INFINITY;
            double truth = Double.NaN;
            for (int i = 0; i < scores.softmaxSize(row); i++) {
                int c = scores.softmaxClass(row, i);
                double scaled = (scores.softmaxScore(row, i) + offsets[c]) * scale;
                max = Math.max(max, scaled);
                if (c == scores.truth(row)) {
                    truth = scaled;
                }
            }
            double sum = 0;
            for (int i = 0; i < scores.softmaxSize(row); i++) {
                sum += Math.exp((scores.softmaxScore(row, i) + offsets[scores.softmaxClass(row, i)]) * scale - max);
            }
            total += Math.log(sum) + max - truth;
        }
        return total / scores.rows();
    }
}
