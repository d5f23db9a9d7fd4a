package io.prodcat.evaluate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.PairedComparison;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference check (PRODCAT_GATE_REFERENCE_TOLERANCE, _CLASS_TOLERANCE, _CLASS_MIN_ROWS): a targeted attack that
 * moves one class and hides in the macro average is refused by the class limit, with the class named.
 */
class ReferenceSetTest {

    /** Ten classes of 20 reference rows, and one of 4. */
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "tiny");

    private static int[] truth() {
        int[] truth = new int[10 * 20 + 4];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i < 200 ? i / 20 : 10;
        }
        return truth;
    }

    private static Evaluation withWrong(int firstWrong, int count, int answer) {
        int[] predicted = truth();
        Arrays.fill(predicted, firstWrong, firstWrong + count, answer);
        return Evaluation.of(LABELS, truth(), predicted);
    }

    private static final ReferenceSet REFERENCE = new ReferenceSet(null, null, 0.05, 0.1, 10);

    @Test
    void aClassThatLosesMoreThanItsLimitIsRefusedAndNamedEvenWhenTheMacroAverageHolds() {
        RecordedScore champion = RecordedScore.of(withWrong(0, 0, 0));
        Evaluation targeted = withWrong(20, 4, 0); // 4 of class b's 20 rows moved to a

        assertThat(champion.macroF1() - targeted.macroF1())
                .as("hides in the macro average")
                .isLessThan(0.05);
        assertThat(REFERENCE.refusal(targeted, champion, "ref", null))
                .hasValueSatisfying(verdict -> assertThat(verdict.reason())
                        .contains("classes that regressed: b 1.000 -> 0.889 (20 rows)")
                        .doesNotContain("tiny"));
    }

    @Test
    void smallChangesAndClassesWithTooFewRowsToJudgeAlonePass() {
        RecordedScore champion = RecordedScore.of(withWrong(0, 0, 0));

        assertThat(REFERENCE.refusal(withWrong(20, 1, 0), champion, "ref", null))
                .as("one row of b")
                .isEmpty();
        assertThat(REFERENCE.refusal(withWrong(200, 2, 0), champion, "ref", null))
                .as("half of tiny's 4 rows: judged through the macro-F1 only")
                .isEmpty();
    }

    @Test
    void aMacroLossBeyondTheToleranceIsRefused() {
        RecordedScore champion = RecordedScore.of(withWrong(0, 0, 0));

        assertThat(REFERENCE.refusal(withWrong(0, 200, 0), champion, "ref", null))
                .hasValueSatisfying(verdict -> assertThat(verdict.reason()).contains("below the champion's"));
    }

    @Test
    void aClassLossWithinItsNoiseIsNoRegression() {
        RecordedScore champion = RecordedScore.of(withWrong(0, 0, 0));
        Evaluation targeted = withWrong(20, 4, 0);
        PairedComparison noisy = new PairedComparison(targeted, withWrong(0, 0, 0), 0.001, Map.of("b", 0.04));
        PairedComparison quiet = new PairedComparison(targeted, withWrong(0, 0, 0), 0.001, Map.of("b", 0.02));

        assertThat(REFERENCE.refusal(targeted, champion, "ref", noisy))
                .as("0.111 < 3.5 x 0.04")
                .isEmpty();
        assertThat(REFERENCE.refusal(targeted, champion, "ref", quiet))
                .as("0.111 > 3.5 x 0.02")
                .isPresent();
    }
}
