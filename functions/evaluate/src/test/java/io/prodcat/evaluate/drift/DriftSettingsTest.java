package io.prodcat.evaluate.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PSI and JS call drift only where chi-square finds the labels shifted: on a window of 500 answers over 111 labels
 * drawn from the reference's own distribution their sampling noise alone passes 0.2 and 0.1 (the aisles catalogue's
 * case, docs/BENCHMARKS.md, drift), while a real shift still fires all three.
 */
class DriftSettingsTest {

    private static final DriftSettings DEFAULTS =
            new DriftSettings(Duration.ofHours(1), 500, 0.2, 0.1, 0.001, 0.75, 50, 30, 0.1);
    private static final int LABELS = 111;

    @Test
    void noiseOfASmallWindowOverManyLabelsIsNoDrift() {
        Random random = new Random(5);
        DriftStatistics.Bins bins = DriftStatistics.Bins.of(draw(4_000, 0, random), draw(500, 0, random));
        double psi = DriftStatistics.populationStabilityIndex(bins);
        double js = DriftStatistics.jensenShannonDistance(bins);
        double chiSquareP = DriftStatistics.chiSquare(bins).pValue();

        assertThat(psi).as("PSI of pure noise").isGreaterThan(0.2);
        assertThat(js).as("JS of pure noise").isGreaterThan(0.1);
        assertThat(DEFAULTS.labelsShifted(chiSquareP))
                .as("chi-square p " + chiSquareP)
                .isFalse();
        assertThat(DEFAULTS.psiDrift(psi, chiSquareP)).isFalse();
        assertThat(DEFAULTS.jsDrift(js, chiSquareP)).isFalse();
    }

    @Test
    void aRealShiftFiresPsiJsAndChiSquare() {
        Random random = new Random(5);
        // 40 % of the window answered with label 000, the most common one
        Figures shift = Figures.of(DriftStatistics.Bins.of(draw(4_000, 0, random), draw(500, 0.4, random)));

        assertThat(DEFAULTS.labelsShifted(shift.chiSquareP())).isTrue();
        assertThat(DEFAULTS.psiDrift(shift.psi(), shift.chiSquareP()))
                .as("PSI " + shift.psi())
                .isTrue();
        assertThat(DEFAULTS.jsDrift(shift.js(), shift.chiSquareP()))
                .as("JS " + shift.js())
                .isTrue();
    }

    /** The label statistics of one window. */
    private record Figures(double psi, double js, double chiSquareP) {

        static Figures of(DriftStatistics.Bins bins) {
            return new Figures(
                    DriftStatistics.populationStabilityIndex(bins),
                    DriftStatistics.jensenShannonDistance(bins),
                    DriftStatistics.chiSquare(bins).pValue());
        }
    }

    /** {@code n} answers over {@link #LABELS} labels with Zipf shares; {@code toFirst} of them moved to label "000". */
    private static Map<String, Integer> draw(int n, double toFirst, Random random) {
        double[] cumulative = new double[LABELS];
        double total = 0;
        for (int i = 0; i < LABELS; i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (int row = 0; row < n; row++) {
            int label = 0;
            if (random.nextDouble() >= toFirst) {
                double u = random.nextDouble() * total;
                while (cumulative[label] < u) {
                    label++;
                }
            }
            counts.merge(String.format("%03d", label), 1, Integer::sum);
        }
        return counts;
    }
}
