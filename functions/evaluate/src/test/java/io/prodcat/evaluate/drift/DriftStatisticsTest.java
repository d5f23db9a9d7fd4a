package io.prodcat.evaluate.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each statistic against figures worked out by hand for small fixed samples: reference shares (0.5, 0.3, 0.2) against
 * recent (0.3, 0.3, 0.4), 100 answers each.
 */
class DriftStatisticsTest {

    private static final DriftStatistics.Bins BINS = DriftStatistics.Bins.of(counts(50, 30, 20), counts(30, 30, 40));

    @Test
    void populationStabilityIndex() {
        // (0.3−0.5)·ln(0.3/0.5) + 0 + (0.4−0.2)·ln(0.4/0.2) = 0.1021651 + 0.1386294
        assertThat(DriftStatistics.populationStabilityIndex(BINS)).isCloseTo(0.2407946, within(1e-7));
        assertThat(DriftStatistics.populationStabilityIndex(
                        DriftStatistics.Bins.of(counts(5, 3, 2), counts(50, 30, 20))))
                .isZero();
    }

    @Test
    void aLabelMissingOnOneSideStaysFiniteInPsiAndCountsFullyInJs() {
        DriftStatistics.Bins disjoint = DriftStatistics.Bins.of(Map.of("a", 10), Map.of("b", 10));
        // shares floored at 1e-4: 2 · (1 − 1e-4) · ln(1 / 1e-4)
        assertThat(DriftStatistics.populationStabilityIndex(disjoint))
                .isCloseTo(2 * (1 - 1e-4) * Math.log(1e4), within(1e-9));
        assertThat(DriftStatistics.jensenShannonDistance(disjoint)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void jensenShannonDistance() {
        // m = (0.4, 0.3, 0.3); KL(p‖m) = 0.5·log2(1.25) + 0.2·log2(2/3) = 0.0439715,
        // KL(q‖m) = 0.3·log2(0.75) + 0.4·log2(4/3) = 0.0415037; √(½·(0.0439715 + 0.0415037))
        assertThat(DriftStatistics.jensenShannonDistance(BINS)).isCloseTo(0.2067309, within(1e-7));
    }

    @Test
    void chiSquareOfHomogeneity() {
        // expected counts 40/30/30 on both rows: 2·(10²/40 + 0 + 10²/30) = 11.6667 on 2 degrees of freedom,
        // p = e^(−11.6667/2) = 0.0029283
        DriftStatistics.ChiSquare test = DriftStatistics.chiSquare(BINS);
        assertThat(test.statistic()).isCloseTo(11.666667, within(1e-6));
        assertThat(test.degreesOfFreedom()).isEqualTo(2);
        assertThat(test.pValue()).isCloseTo(0.0029283, within(1e-7));
        // equal shares: nothing to see (Smile alone says p = 0 here)
        DriftStatistics.ChiSquare same =
                DriftStatistics.chiSquare(DriftStatistics.Bins.of(counts(5, 3, 2), counts(50, 30, 20)));
        assertThat(same.statistic()).isZero();
        assertThat(same.pValue()).isEqualTo(1.0);
    }

    @Test
    void kolmogorovSmirnovOnTheTopProbabilities() {
        double[] reference = {0.91, 0.82, 0.77, 0.95};
        double[] recent = {0.31, 0.42, 0.55, 0.28};
        // every recent value lies below every reference one: D = 1; Smile's asymptotic p for n = m = 4:
        // λ = (√2 + 0.12 + 0.11/√2) · 1, p = 2 Σ (−1)^(j−1) e^(−2 j² λ²) = 0.011066
        var test = DriftStatistics.kolmogorovSmirnov(reference, recent);
        assertThat(test.d).isEqualTo(1.0);
        assertThat(test.pvalue).isCloseTo(0.011066, within(1e-5));
        assertThat(reference).containsExactly(0.91, 0.82, 0.77, 0.95); // not sorted in place
        // interleaved halves: the largest gap of the two step functions is 1/4
        assertThat(DriftStatistics.kolmogorovSmirnov(new double[] {1, 3, 5, 7}, new double[] {2, 4, 6, 8}).d)
                .isEqualTo(0.25);
    }

    @Test
    void rocAucIsTheShareOfPairsTheRecentSideWins() {
        // pairs (0.35 vs 0.1) win, (0.35 vs 0.4) lose, (0.8 vs both) win: 3 of 4; a tie counts half
        assertThat(DomainClassifier.rocAuc(new double[] {0.1, 0.4}, new double[] {0.35, 0.8}))
                .isEqualTo(0.75);
        assertThat(DomainClassifier.rocAuc(new double[] {0.5}, new double[] {0.5}))
                .isEqualTo(0.5);
    }

    private static Map<String, Integer> counts(int a, int b, int c) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", a);
        counts.put("b", b);
        counts.put("c", c);
        return counts;
    }
}
