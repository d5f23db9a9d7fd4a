package io.prodcat.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static List<LabelledText> rows() {
        List<LabelledText> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new LabelledText("big " + i, "big"));
        }
        for (int i = 0; i < 20; i++) {
            rows.add(new LabelledText("mid " + i, "mid"));
        }
        rows.add(new LabelledText("pair 1", "pair"));
        rows.add(new LabelledText("pair 2", "pair"));
        rows.add(new LabelledText("lonely", "single"));
        return rows;
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertThat(StratifiedSplit.of(rows(), 0.2, 7)).isEqualTo(StratifiedSplit.of(rows(), 0.2, 7));
        assertThat(StratifiedSplit.of(rows(), 0.2, 7).validation())
                .isNotEqualTo(StratifiedSplit.of(rows(), 0.2, 8).validation());
    }

    @Test
    void eachClassContributesItsShareAndAtLeastOneRow() {
        StratifiedSplit split = StratifiedSplit.of(rows(), 0.2, 1);

        assertThat(split.validation())
                .filteredOn(row -> row.label().equals("big"))
                .hasSize(20);
        assertThat(split.validation())
                .filteredOn(row -> row.label().equals("mid"))
                .hasSize(4);
        assertThat(split.validation())
                .filteredOn(row -> row.label().equals("pair"))
                .hasSize(1);
        assertThat(split.train()).filteredOn(row -> row.label().equals("pair")).hasSize(1);
        assertThat(split.train().size() + split.validation().size()).isEqualTo(rows().size());
    }

    @Test
    void classWithOneRowIsTrainedOnAndReported() {
        StratifiedSplit split = StratifiedSplit.of(rows(), 0.2, 1);

        assertThat(split.unsplitClasses()).containsExactly("single");
        assertThat(split.train()).contains(new LabelledText("lonely", "single"));
        assertThat(split.validation()).noneMatch(row -> row.label().equals("single"));
    }

    @Test
    void rejectsAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> StratifiedSplit.of(rows(), 1.0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
    }
}
