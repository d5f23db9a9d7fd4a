package io.prodcat.predict.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.engine.dataset.LabelledText;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which base rows an export's feedback replaces. */
class FeedbackLoopTest {

    @Test
    void aCorrectionReplacesEveryBaseRowOfItsTitleWhateverItsCaseOrPunctuation() {
        List<LabelledText> base = List.of(
                new LabelledText("Kefir Drink 1L", "snacks"),
                new LabelledText("kefir drink, 1l!", "snacks"),
                new LabelledText("kefir drink 2l", "snacks"),
                new LabelledText("Potato Chips", "snacks"));
        FeedbackRow correction = FeedbackRow.received("KEFIR drink 1l", "dairy", "snacks", "3", "shop", Instant.EPOCH);

        assertThat(FeedbackLoop.uncorrected(base, List.of(correction)))
                .extracting(LabelledText::text)
                .containsExactly("kefir drink 2l", "Potato Chips");
    }
}
