package io.prodcat.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Figures computed by hand for four rows. */
class HierarchicalEvaluationTest {

    private static final Taxonomy TREE =
            Taxonomy.of(List.of("a > x", "a > y", "b > z", "b > w > deep"), Taxonomy.DEFAULT_SEPARATOR);
    // truth: a>x, a>x, b>z, b>w>deep; predicted: a>x (right), a>y (right department), a>x (wrong), b>z (right at 1)
    private static final int[] TRUTH = {0, 0, 2, 3};
    private static final int[] PREDICTED = {0, 1, 0, 2};

    @Test
    void eachLevelIsScoredOnItsOwnNodes() {
        HierarchicalEvaluation evaluation = HierarchicalEvaluation.of(TREE, TRUTH, PREDICTED);

        assertThat(evaluation.levels()).hasSize(3);
        assertThat(evaluation.levels().get(0).labels()).containsExactly("a", "b");
        assertThat(evaluation.levels().get(0).accuracy()).isEqualTo(0.75); // rows 1, 2, 4 right at level 1
        assertThat(evaluation.leaves().accuracy()).isEqualTo(0.25); // only row 1
        assertThat(evaluation.levels().get(2).labels()).containsExactly("a > x", "a > y", "b > w > deep", "b > z");
    }

    @Test
    void hierarchicalF1CountsTheSharedAncestors() {
        HierarchicalEvaluation evaluation = HierarchicalEvaluation.of(TREE, TRUTH, PREDICTED);

        // shared nodes 2 + 1 + 0 + 1 = 4; predicted nodes 2 + 2 + 2 + 2 = 8; true nodes 2 + 2 + 2 + 3 = 9
        assertThat(evaluation.hierarchicalPrecision()).isCloseTo(4.0 / 8, within(1e-12));
        assertThat(evaluation.hierarchicalRecall()).isCloseTo(4.0 / 9, within(1e-12));
        assertThat(evaluation.hierarchicalF1()).isCloseTo(2 * 0.5 * (4.0 / 9) / (0.5 + 4.0 / 9), within(1e-12));
    }

    @Test
    void backOffTradesCoverageForAccuracy() {
        double[][] probabilities = {
            {0.9, 0.1, 0, 0}, // sure and right
            {0.45, 0.55, 0, 0}, // unsure leaf, right department
            {0.6, 0, 0.4, 0}, // fairly sure, wrong
            {0, 0, 0.3, 0.7} // right
        };

        List<BackOffPoint> curve = BackOffPoint.curve(TREE, TRUTH, probabilities, List.of(0.0, 0.65, 0.95));

        assertThat(curve.get(0)).isEqualTo(new BackOffPoint(0.0, 1.0, 1.0, 0.5)); // leaves: rows 1 and 4 right
        // at 0.65: row 1 a>x (0.9), row 2 backs off to a (1.0), row 3 backs off to nothing (a: 0.6), row 4 b>w>deep
        assertThat(curve.get(1)).isEqualTo(new BackOffPoint(0.65, 0.75, 0.5, 1.0));
        // at 0.95: rows 1 and 2 answer a, row 4 answers b: all right, none a leaf
        assertThat(curve.get(2)).isEqualTo(new BackOffPoint(0.95, 0.75, 0.0, 1.0));
    }
}
