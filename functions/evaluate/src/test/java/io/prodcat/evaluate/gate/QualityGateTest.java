package io.prodcat.evaluate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.evaluation.Evaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate settings docs/CONFIGURATION.md documents: PRODCAT_GATE_MIN_F1_GAIN and PRODCAT_GATE_MIN_F1_FLOOR. */
class QualityGateTest {

    private static final List<String> LABELS = List.of("a", "b");
    private static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 1, 1};
    /** every row right: macro-F1 1 */
    private static final Evaluation PERFECT = Evaluation.of(LABELS, TRUTH, new int[] {0, 0, 0, 0, 1, 1, 1, 1});
    /** one row of b called a: macro-F1 about 0.873, worst class b */
    private static final Evaluation ONE_WRONG = Evaluation.of(LABELS, TRUTH, new int[] {0, 0, 0, 0, 0, 1, 1, 1});

    @Test
    void byDefaultAModelAtLeastAsGoodAsTheChampionIsPromotedAndAWorseOneIsNot() {
        QualityGate gate = new QualityGate(0, 0);

        assertThat(gate.judge(PERFECT, ONE_WRONG).promote()).isTrue();
        assertThat(gate.judge(ONE_WRONG, ONE_WRONG).promote()).as("as good").isTrue();
        assertThat(gate.judge(ONE_WRONG, PERFECT).promote()).isFalse();
    }

    @Test
    void aRequiredGainRefusesASmallerImprovementAndANegativeOneToleratesALoss() {
        double improvement = PERFECT.macroF1() - ONE_WRONG.macroF1();

        assertThat(new QualityGate(improvement + 0.01, 0)
                        .judge(PERFECT, ONE_WRONG)
                        .promote())
                .isFalse();
        assertThat(new QualityGate(improvement - 0.01, 0)
                        .judge(PERFECT, ONE_WRONG)
                        .promote())
                .isTrue();
        assertThat(new QualityGate(-improvement, 0).judge(ONE_WRONG, PERFECT).promote())
                .as("a tolerated loss")
                .isTrue();
    }

    @Test
    void theFloorOnTheWorstClassRefusesEvenTheFirstModel() {
        QualityGate.Verdict verdict = new QualityGate(0, ONE_WRONG.minF1() + 0.01).judge(ONE_WRONG, null);

        assertThat(verdict.promote()).isFalse();
        assertThat(verdict.reason()).contains("worst-class F1").contains("(b)").contains("below the floor");
        assertThat(new QualityGate(0, ONE_WRONG.minF1()).judge(ONE_WRONG, null).promote())
                .isTrue();
    }

    @Test
    void aLossWithinTwiceTheNoiseIsPromotedAndALargerOneIsNot() {
        QualityGate gate = new QualityGate(0, 0);
        double loss = PERFECT.macroF1() - ONE_WRONG.macroF1();

        assertThat(gate.judge(ONE_WRONG, PERFECT, loss / 2 + 1e-9).promote()).isTrue();
        assertThat(gate.judge(ONE_WRONG, PERFECT, loss / 2 + 1e-9).reason()).contains("- noise");
        assertThat(gate.judge(ONE_WRONG, PERFECT, loss / 2 - 1e-3).promote()).isFalse();
    }
}
