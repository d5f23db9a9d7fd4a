package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NegativeWindowsTest {

    private static final List<String> LABELS = List.of("dairy > milk", "pets > dog food", "snacks > chips");

    private static List<String> texts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "product " + i).toList();
    }

    private static Set<String> sampledTexts(List<String> texts, int c, double width) {
        NegativeWindows windows = NegativeWindows.of(texts, LABELS, 42);
        Set<String> sampled = new HashSet<>();
        for (int row : windows.rows(c, width, row -> true)) {
            sampled.add(texts.get(row));
        }
        return sampled;
    }

    @Test
    void aClassSamplesAboutItsWindowsShareAscendingAndOnlyTheRowsItKeeps() {
        List<String> texts = texts(0, 20_000);
        NegativeWindows windows = NegativeWindows.of(texts, LABELS, 42);
        for (int c = 0; c < LABELS.size(); c++) {
            int[] rows = windows.rows(c, 0.05, row -> row % 2 == 0);
            // a share of 0.05 of 20,000 rows, half of them kept: 500, within a few standard errors
            assertThat(rows.length).isBetween(420, 580);
            assertThat(rows).isSorted();
            assertThat(IntStream.of(rows).allMatch(row -> row % 2 == 0)).isTrue();
        }
        // the classes' windows are their own, and another seed's
        assertThat(sampledTexts(texts, 0, 0.05)).isNotEqualTo(sampledTexts(texts, 1, 0.05));
        assertThat(NegativeWindows.of(texts, LABELS, 43).rows(0, 0.05, row -> true))
                .isNotEqualTo(windows.rows(0, 0.05, row -> true));
    }

    @Test
    void aDatasetWithAFewMoreRowsInAnotherOrderSamplesNearlyTheSameOnes() {
        List<String> before = texts(0, 20_000);
        List<String> after = new ArrayList<>(texts(0, 20_400)); // 2 % more rows, shuffled
        Collections.shuffle(after, new Random(7));
        for (int c = 0; c < LABELS.size(); c++) {
            Set<String> old = sampledTexts(before, c, 1000.0 / before.size());
            Set<String> now = sampledTexts(after, c, 1000.0 / after.size());
            // the window is 2 % narrower: about 2 % of the old sample leaves, as many new rows join
            Set<String> kept = new HashSet<>(old);
            kept.retainAll(now);
            assertThat((double) kept.size() / old.size()).isGreaterThan(0.95);
            assertThat(now.stream().filter(text -> !old.contains(text)).count()).isLessThan(old.size() / 20);
        }
    }

    @Test
    void aSelectionOfTheRowsKeepsTheirPlaces() {
        List<String> texts = texts(0, 10_000);
        int[] everyThird =
                IntStream.range(0, texts.size()).filter(row -> row % 3 == 0).toArray();
        NegativeWindows selected = NegativeWindows.of(texts, LABELS, 42).select(everyThird);
        NegativeWindows ofTheSelection =
                NegativeWindows.of(IntStream.of(everyThird).mapToObj(texts::get).toList(), LABELS, 42);
        for (int c = 0; c < LABELS.size(); c++) {
            assertThat(selected.rows(c, 0.3, row -> true)).containsExactly(ofTheSelection.rows(c, 0.3, row -> true));
        }
    }
}
