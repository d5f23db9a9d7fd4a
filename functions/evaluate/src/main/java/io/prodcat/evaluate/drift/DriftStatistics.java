package io.prodcat.evaluate.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import smile.stat.hypothesis.ChiSqTest;
import smile.stat.hypothesis.KSTest;

/**
 * The statistics that compare a window of answers with the reference: over the answered labels the population
 * stability index, Jensen–Shannon distance and Smile's two-sample chi-square test; over the top-1 probabilities
 * Smile's two-sample Kolmogorov–Smirnov test.
 */
public final class DriftStatistics {

    /** A share below this is taken as this in PSI, so that a label absent on one side stays finite. */
    static final double FLOOR = 1e-4;

    private DriftStatistics() {}

    /** Label counts of both sides over the same bins: every label either side has, in a stable order. */
    public record Bins(List<String> labels, int[] reference, int[] recent) {

        public static Bins of(Map<String, Integer> reference, Map<String, Integer> recent) {
            Set<String> labels = new LinkedHashSet<>(reference.keySet());
            labels.addAll(recent.keySet());
            List<String> ordered = new ArrayList<>(labels);
            int[] referenceCounts = new int[ordered.size()];
            int[] recentCounts = new int[ordered.size()];
            for (int i = 0; i < ordered.size(); i++) {
                referenceCounts[i] = reference.getOrDefault(ordered.get(i), 0);
                recentCounts[i] = recent.getOrDefault(ordered.get(i), 0);
            }
            return new Bins(List.copyOf(ordered), referenceCounts, recentCounts);
        }
    }

    /** Σ (recent − reference) · ln(recent / reference) over the shares; 0.1–0.2 is moderate, above 0.2 large. */
    public static double populationStabilityIndex(Bins bins) {
        double[] reference = shares(bins.reference(), FLOOR);
        double[] recent = shares(bins.recent(), FLOOR);
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            psi += (recent[i] - reference[i]) * Math.log(recent[i] / reference[i]);
        }
        return psi;
    }

    /** The square root of the Jensen–Shannon divergence in bits: 0 for equal distributions, 1 for disjoint ones. */
    public static double jensenShannonDistance(Bins bins) {
        double[] reference = shares(bins.reference(), 0);
        double[] recent = shares(bins.recent(), 0);
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double middle = (reference[i] + recent[i]) / 2;
            divergence += 0.5 * entropyTerm(reference[i], middle) + 0.5 * entropyTerm(recent[i], middle);
        }
        return Math.sqrt(Math.max(0, divergence));
    }

    /**
     * Smile's chi-square test of homogeneity: the 2 × k table of both sides' label counts (labels neither side has
     * left out), so that samples of different sizes compare as shares. Smile 3.1.1 gives a p-value of 0 for a
     * statistic of exactly 0 (identical shares); that is p = 1.
     */
    public static ChiSquare chiSquare(Bins bins) {
        int present = 0;
        for (int i = 0; i < bins.labels().size(); i++) {
            present += bins.reference()[i] + bins.recent()[i] > 0 ? 1 : 0;
        }
        int[][] table = new int[2][present];
        for (int i = 0, column = 0; i < bins.labels().size(); i++) {
            if (bins.reference()[i] + bins.recent()[i] > 0) {
                table[0][column] = bins.reference()[i];
                table[1][column++] = bins.recent()[i];
            }
        }
        if (present < 2) {
            return new ChiSquare(0, 0, 1); // one label on both sides: nothing to compare
        }
        ChiSqTest test = ChiSqTest.test(table);
        return new ChiSquare(test.chisq, test.df, test.chisq == 0 ? 1 : test.pvalue);
    }

    /** A chi-square test's statistic, degrees of freedom and p-value. */
    public record ChiSquare(double statistic, double degreesOfFreedom, double pValue) {}

    /** Smile's two-sample Kolmogorov–Smirnov test on the top-1 probabilities. */
    public static KSTest kolmogorovSmirnov(double[] reference, double[] recent) {
        return KSTest.test(reference.clone(), recent.clone()); // Smile sorts its arguments in place
    }

    /** p · log2(p / m), 0 when p is 0. */
    private static double entropyTerm(double p, double m) {
        return p == 0 ? 0 : p * Math.log(p / m) / Math.log(2);
    }

    private static double[] shares(int[] counts, double floor) {
        double total = 0;
        for (int count : counts) {
            total += count;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = Math.max(floor, total == 0 ? 0 : counts[i] / total);
        }
        return shares;
    }
}
