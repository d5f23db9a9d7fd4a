package io.prodcat.function.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapBudgetTest {

    private static final long MB = 1024 * 1024;

    @Test
    void theDefaultSizeLimitIsWhatTheHeapCanReadAndItFitsWhereALargerFileDoesNot() {
        HeapBudget train = new HeapBudget(768 * MB);
        long largest = train.largestDataset();

        assertThat(largest).isBetween(20 * MB, 40 * MB); // (768 - 96) MB / 24 bytes a byte of CSV
        assertThat(train.refusal(largest, HeapBudget.readingNeeds(largest))).isEmpty();
        assertThat(train.refusal(largest + MB, HeapBudget.readingNeeds(largest + MB)))
                .isPresent();
    }

    @Test
    void theRefusalSaysTheSizeWhatItNeedsAndTheHeap() {
        HeapBudget small = new HeapBudget(128 * MB);

        assertThat(small.refusal(10 * MB, HeapBudget.readingNeeds(10 * MB)))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("too large for this instance: 10485760 bytes, needs ~336 MB, heap 128 MB"));
    }

    @Test
    void theWeightsCountOnceTheColumnsAndClassesAreKnown() {
        // instacart aisles: 3.5 MB of CSV, 189,679 columns, 134 classes; bench/memory.sh measured 116 MB at least
        // (2026-12-06; the command line: without the function's own ~96 MB)
        long needs = HeapBudget.trainingNeeds(3_552_181, 189_679, 134);

        assertThat(needs).isBetween((116 + 96) * MB, 300 * MB);
        // the weights term: at most 30,000 non-zeros a class, 14 bytes each
        assertThat(needs - HeapBudget.readingNeeds(3_552_181)).isEqualTo(14L * 30_000 * 134);
        new HeapBudget(256 * MB).checkTraining(3_552_181, 189_679, 134);
        assertThatThrownBy(() -> new HeapBudget(192 * MB).checkTraining(3_552_181, 189_679, 134))
                .isInstanceOf(HeapBudget.TooLarge.class)
                .hasMessageContaining("heap 192 MB");
    }
}
