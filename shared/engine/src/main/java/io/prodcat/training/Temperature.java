package io.prodcat.training;

/**
 * Fits the one scale t that turns SVM scores into probabilities softmax(t · score) with the lowest
 * negative log-likelihood on validation rows (temperature scaling, Guo et al. 2017), by golden-section
 * search over ln t in [ln 0.1, ln 200]. Over every class's score when {@link ValidationScores}
 * keeps them all, else over each row's candidates (then the fitted scale runs a little sharp).
 */
final class Temperature {

    private Temperature() {}

    /** The scale for validation scores with the class offsets added; softmax over each row's candidates. */
    static double fit(ValidationScores scores, double[] offsets) {
        double low = Math.log(0.1);
        double high = Math.log(200);
        double ratio = (Math.sqrt(5) - 1) / 2;
        for (int step = 0; step < 60; step++) {
            double a = high - ratio * (high - low);
            double b = low + ratio * (high - low);
            if (negativeLogLikelihood(scores, offsets, Math.exp(a))
                    < negativeLogLikelihood(scores, offsets, Math.exp(b))) {
                high = b;
            } else {
                low = a;
            }
        }
        return Math.exp((low + high) / 2);
    }

    private static double negativeLogLikelihood(ValidationScores scores, double[] offsets, double scale) {
        if (scores.keepsAll()) {
            return negativeLogLikelihoodOverAll(scores, offsets, scale);
        }
        double total = 0;
        for (int row = 0; row < scores.rows(); row++) {
            double max = Double.NEGATIVE_INFINITY;
            double truth = Double.NaN;
            for (int candidate = 0; candidate < scores.candidates(row); candidate++) {
                int c = scores.candidateClass(row, candidate);
                double scaled = (scores.candidateScore(row, candidate) + offsets[c]) * scale;
                max = Math.max(max, scaled);
                if (c == scores.truth(row)) {
                    truth = scaled;
                }
            }
            double sum = 0;
            for (int candidate = 0; candidate < scores.candidates(row); candidate++) {
                int c = scores.candidateClass(row, candidate);
                sum += Math.exp((scores.candidateScore(row, candidate) + offsets[c]) * scale - max);
            }
            total += Math.log(sum) + max - truth;
        }
        return total / scores.rows();
    }

    private static double negativeLogLikelihoodOverAll(ValidationScores scores, double[] offsets, double scale) {
        double total = 0;
        for (int row = 0; row < scores.rows(); row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < scores.classes(); c++) {
                max = Math.max(max, (scores.score(row, c) + offsets[c]) * scale);
            }
            double sum = 0;
            for (int c = 0; c < scores.classes(); c++) {
                sum += Math.exp((scores.score(row, c) + offsets[c]) * scale - max);
            }
            int truth = scores.truth(row);
            total += Math.log(sum) + max - (scores.score(row, truth) + offsets[truth]) * scale;
        }
        return total / scores.rows();
    }
}
