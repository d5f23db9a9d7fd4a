package io.prodcat.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Figures computed by hand in the comments. */
class EvaluationTest {

    @Test
    void threeBalancedClasses() {
        // truth a a b b c c, predicted a b b b a c
        // a: tp 1, support 2, predicted 2 -> P 1/2, R 1/2, F1 1/2
        // b: tp 2, support 2, predicted 3 -> P 2/3, R 1,   F1 4/5
        // c: tp 1, support 2, predicted 1 -> P 1,   R 1/2, F1 2/3
        Evaluation e =
                Evaluation.of(List.of("a", "b", "c"), new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 0, 2});

        assertThat(e.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(e.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
        assertThat(e.weightedF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
        assertThat(e.minF1()).isCloseTo(0.5, within(1e-12));
        assertThat(e.worstClass().label()).isEqualTo("a");
        assertThat(e.perClass().get(1)).isEqualTo(new ClassMetrics("b", 2.0 / 3, 1.0, 0.8, 2));
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});
    }

    @Test
    void classOnlyPredictedCountsInMacroF1ButNotInMinF1() {
        // truth a a b, predicted a c b
        // a: tp 1, support 2, predicted 1 -> F1 2/3;  b: F1 1;  c: support 0, predicted 1 -> F1 0
        // macro (2/3 + 1 + 0) / 3; weighted (2/3·2 + 1·1) / 3; min over present classes = 2/3
        Evaluation e = Evaluation.of(List.of("a", "b", "c"), new int[] {0, 0, 1}, new int[] {0, 2, 1});

        assertThat(e.macroF1()).isCloseTo((2.0 / 3 + 1) / 3, within(1e-12));
        assertThat(e.weightedF1()).isCloseTo((4.0 / 3 + 1) / 3, within(1e-12));
        assertThat(e.minF1()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void classNeitherPresentNorPredictedIsLeftOut() {
        Evaluation e = Evaluation.of(List.of("a", "b", "unused"), new int[] {0, 1}, new int[] {0, 1});

        assertThat(e.macroF1()).isEqualTo(1.0);
        assertThat(e.minF1()).isEqualTo(1.0);
        assertThat(e.perClass().get(2).support()).isZero();
    }

    @Test
    void classNeverPredictedHasZeroF1AndSetsMinF1() {
        // truth a a a b, predicted a a a a -> b: F1 0 (the "bulk" case)
        Evaluation e = Evaluation.of(List.of("a", "b"), new int[] {0, 0, 0, 1}, new int[] {0, 0, 0, 0});

        assertThat(e.minF1()).isZero();
        assertThat(e.worstClass().label()).isEqualTo("b");
        assertThat(e.perClass().get(1).precision()).isZero();
        assertThat(e.macroF1()).isCloseTo((6.0 / 7 + 0) / 2, within(1e-12));
    }
}
