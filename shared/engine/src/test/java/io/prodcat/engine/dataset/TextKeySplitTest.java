package io.prodcat.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.engine.features.TextKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextKeySplitTest {

    private static List<LabelledText> rows(int big, String suffix) {
        List<LabelledText> rows = new ArrayList<>();
        for (int i = 0; i < big; i++) {
            rows.add(new LabelledText("big item " + i + suffix, "big"));
        }
        for (int i = 0; i < big / 5; i++) {
            rows.add(new LabelledText("mid item " + i + suffix, "mid"));
        }
        rows.add(new LabelledText("pair one" + suffix, "pair"));
        rows.add(new LabelledText("pair two" + suffix, "pair"));
        rows.add(new LabelledText("lonely", "single"));
        rows.add(new LabelledText("Lonely!", "single"));
        return rows;
    }

    @Test
    void addedRowsNeverMoveAnOldRowBetweenTrainingAndHoldout() {
        List<LabelledText> old = rows(1000, "");
        List<LabelledText> grown = new ArrayList<>(old);
        grown.addAll(rows(400, " extra")); // a feedback export's worth of new titles in the same classes
        grown.add(3, new LabelledText("organic whole milk", "pets")); // and rows inserted before old ones

        Set<LabelledText> heldBefore =
                new HashSet<>(TextKeySplit.of(old, 0.1, 7).validation());
        Set<LabelledText> heldAfter =
                new HashSet<>(TextKeySplit.of(grown, 0.1, 7).validation());

        for (LabelledText row : old) {
            if (row.label().equals("big") || row.label().equals("mid")) {
                assertThat(heldAfter.contains(row)).as(row.text()).isEqualTo(heldBefore.contains(row));
            }
        }
    }

    @Test
    void holdsOutAboutTheFractionAndEachClassWithTwoTitlesOnBothSides() {
        StratifiedSplit split = TextKeySplit.of(rows(2000, ""), 0.1, 7);

        assertThat(split.validation().stream().filter(row -> row.label().equals("big")))
                .hasSizeBetween(160, 240);
        assertThat(split.validation())
                .filteredOn(row -> row.label().equals("pair"))
                .hasSize(1);
        assertThat(split.train()).filteredOn(row -> row.label().equals("pair")).hasSize(1);
        assertThat(split.validationIndices())
                .isSorted()
                .hasSize(split.validation().size());
    }

    @Test
    void aClassWithOneTitleIsTrainedOnWholeAndReported() {
        StratifiedSplit split = TextKeySplit.of(rows(100, ""), 0.1, 7);

        assertThat(split.unsplitClasses()).containsExactly("single");
        assertThat(split.train())
                .filteredOn(row -> row.label().equals("single"))
                .hasSize(2);
    }

    @Test
    void copiesOfATitleThatDifferInCaseOrPunctuationAreOnOneSide() {
        List<LabelledText> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new LabelledText("Organic Whole Milk " + i, "dairy"));
            rows.add(new LabelledText("organic  whole-milk, " + i + "!", "dairy"));
        }
        StratifiedSplit split = TextKeySplit.of(rows, 0.1, 7);

        Set<String> heldKeys = new HashSet<>();
        split.validation().forEach(row -> heldKeys.add(TextKey.of(row.text())));
        assertThat(heldKeys).isNotEmpty();
        assertThat(split.train()).noneMatch(row -> heldKeys.contains(TextKey.of(row.text())));
    }

    @Test
    void titlesThatMustNeverBeTrainedOnAreHeldOutWhateverTheirHash() {
        List<LabelledText> rows = rows(1000, "");
        StratifiedSplit plain = TextKeySplit.of(rows, 0.1, 7);
        Set<String> reference = new HashSet<>();
        plain.train()
                .subList(0, 30)
                .forEach(row -> reference.add(TextKey.of(row.text().toUpperCase())));

        StratifiedSplit split = TextKeySplit.of(rows, 0.1, 7, reference);

        assertThat(split.train()).noneMatch(row -> reference.contains(TextKey.of(row.text())));
        assertThat(split.validation()).hasSize(plain.validation().size() + 30);
    }

    @Test
    void anotherSaltDrawsAnotherSplit() {
        assertThat(TextKeySplit.of(rows(500, ""), 0.1, 7)).isEqualTo(TextKeySplit.of(rows(500, ""), 0.1, 7));
        assertThat(TextKeySplit.of(rows(500, ""), 0.1, 7).validation())
                .isNotEqualTo(TextKeySplit.of(rows(500, ""), 0.1, 8).validation());
    }

    @Test
    void keysIgnoreCasePunctuationAndSpacing() {
        assertThat(TextKey.of("Organic  Whole-Milk!")).isEqualTo("organic whole milk");
        assertThat(TextKey.of("ＭＩＬＫ 1L")).isEqualTo("milk 1l");
        assertThat(TextKey.position("Organic Whole Milk", 7)).isEqualTo(TextKey.position("organic whole milk", 7));
    }

    @Test
    void rejectsAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> TextKeySplit.of(rows(10, ""), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
    }
}
