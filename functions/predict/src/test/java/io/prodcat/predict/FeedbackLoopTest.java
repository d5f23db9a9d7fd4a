package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.persistence.FeedbackRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which waiting feedback rows an export takes: per-client and share caps (poisoning limits). */
class FeedbackLoopTest {

    @Test
    void oneClientFillsAtMostItsShareOfADatasetAndFeedbackAtMostTheConfiguredShare() {
        List<FeedbackRow> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(row(i, "flooder"));
        }
        for (int i = 50; i < 60; i++) {
            waiting.add(row(i, i % 2 == 0 ? "shop-a" : "shop-b"));
        }

        try (FeedbackLoop loop = loop(5, 0.2)) {
            List<FeedbackRow> admitted = loop.admitted(waiting, 60); // 0.2 share of the whole: 15 of 75

            assertThat(admitted).hasSize(15);
            assertThat(admitted.stream().filter(r -> r.clientId().equals("flooder")))
                    .hasSize(5);
            assertThat(admitted.stream().filter(r -> !r.clientId().equals("flooder")))
                    .hasSize(10);
            assertThat(admitted).isSortedAccordingTo((a, b) -> Long.compare(a.id(), b.id()));
        }
    }

    @Test
    void withoutTrainedRowsNoFeedbackIsExportedAndShareOneMeansNoShareCap() {
        List<FeedbackRow> waiting = List.of(row(1, "a"), row(2, "b"), row(3, "c"));

        try (FeedbackLoop capped = loop(100, 0.2);
                FeedbackLoop uncapped = loop(100, 1.0)) {
            assertThat(capped.admitted(waiting, 0)).isEmpty();
            assertThat(uncapped.admitted(waiting, 0)).hasSize(3);
            assertThat(capped.admitted(waiting, 8)).hasSize(2); // 2 of 10 = 0.2
        }
    }

    private static FeedbackLoop loop(int perClient, double share) {
        return new FeedbackLoop(
                null,
                null,
                new PredictProperties.Feedback(
                        1000, "dataset", "train/", List.of("product_name"), "department", true, 100, perClient, share),
                Clock.systemUTC());
    }

    private static FeedbackRow row(long id, String client) {
        return new FeedbackRow(id, "text " + id, "dairy", null, null, client, Instant.EPOCH, null, null, null);
    }
}
