package io.prodcat.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.SyntheticRows;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final Hyperparameters FAST =
            HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5"));

    @Test
    void aModelAgainstItselfDiffersByNothingAndTwoAlikeDifferWithinTheirNoise() {
        List<LabelledText> rows = mixed(SyntheticRows.rows(60, 7));
        LinearClassifier one =
                new LinearTrainer(FAST).train(SyntheticRows.dataset(40, 1)).model();
        LinearClassifier other =
                new LinearTrainer(FAST).train(SyntheticRows.dataset(40, 2)).model();

        PairedComparison same = PairedComparison.of(one, one, rows);
        PairedComparison alike = PairedComparison.of(other, one, rows);

        assertThat(same.difference()).isZero();
        assertThat(same.noise()).isZero();
        assertThat(alike.noise()).isPositive();
        assertThat(Math.abs(alike.difference())).isLessThan(4 * alike.noise() + 1e-9);
        assertThat(PairedComparison.of(other, one, rows).noise())
                .as("the same every time")
                .isEqualTo(alike.noise());
    }

    /** Each title joined to another class's: hard rows, on which two models can disagree. */
    private static List<LabelledText> mixed(List<LabelledText> rows) {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LabelledText other = rows.get((i + 1) % rows.size());
            out.add(new LabelledText(
                    rows.get(i).text() + " " + other.text(), rows.get(i).label()));
        }
        return out;
    }

    /** A fifth of the rows relabelled at random, so that both models make mistakes to differ on. */
    private static List<LabelledText> noisy(List<LabelledText> rows) {
        List<String> labels =
                rows.stream().map(LabelledText::label).distinct().sorted().toList();
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LabelledText row = rows.get(i);
            out.add(i % 5 == 0 ? new LabelledText(row.text(), labels.get((i / 5) % labels.size())) : row);
        }
        return out;
    }
}
