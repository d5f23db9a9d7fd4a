package io.prodcat.predict.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.FeedbackRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feedback policy (docs/SECURITY.md, Poisoning): quorum, review holds, per-client window and share caps. */
class FeedbackPolicyTest {

    private static final Map<String, Integer> BASE = Map.of("dairy", 200, "pets", 200, "snacks", 200);
    private static final FeedbackPolicy POLICY = new FeedbackPolicy(2, 50, 0.1, 500, 0.2);

    private long nextId = 1;

    private FeedbackRow row(String text, String label, String served, String client) {
        return new FeedbackRow(
                nextId++, text, label, null, null, client, Instant.EPOCH, null, null, null, served, null, null);
    }

    @Test
    void oneClientAloneNeverMovesATitleHoweverOftenItSaysSo() {
        List<FeedbackRow> waiting = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waiting.add(row("Organic Whole Milk", "pets", "dairy", "attacker"));
            waiting.add(row("organic whole milk!", "pets", "dairy", "attacker"));
        }

        FeedbackPolicy.Decision decision = POLICY.decide(waiting, Map.of("attacker", 40L), Map.of(), Map.of(), BASE);

        assertThat(decision.admitted()).isEmpty();
        assertThat(decision.held()).isEmpty(); // within the review limit: it waits for a second client that never comes
    }

    @Test
    void aCorrectionTwoClientsAgreeOnGoesInAndConfirmationsNeedNoQuorum() {
        List<FeedbackRow> waiting = List.of(
                row("Kefir Drink 1L", "dairy", "snacks", "shop-a"),
                row("kefir drink 1l", "dairy", "snacks", "shop-b"),
                row("Kefir Drink 2L", "dairy", "snacks", "shop-a"),
                row("Potato Chips", "snacks", "snacks", "shop-c"));

        FeedbackPolicy.Decision decision = POLICY.decide(waiting, Map.of(), Map.of(), Map.of(), BASE);

        assertThat(decision.admitted())
                .extracting(FeedbackRow::text)
                .containsExactly("Kefir Drink 1L", "kefir drink 1l", "Potato Chips");
    }

    @Test
    void aClientWithTooManyCorrectionsInTheWindowIsHeldForReview() {
        List<FeedbackRow> waiting = List.of(
                row("Organic Whole Milk", "pets", "dairy", "flooder"),
                row("Organic Whole Milk", "pets", "dairy", "accomplice"),
                row("Potato Chips", "snacks", "snacks", "flooder"));

        FeedbackPolicy.Decision decision =
                POLICY.decide(waiting, Map.of("flooder", 51L, "accomplice", 1L), Map.of(), Map.of(), BASE);

        assertThat(decision.held()).containsOnlyKeys(waiting.get(0).id());
        assertThat(decision.held().get(waiting.get(0).id())).contains("client flooder sent 51 corrections");
        assertThat(decision.admitted()).extracting(FeedbackRow::text).containsExactly("Potato Chips");
    }

    @Test
    void agreedCorrectionsThatWouldMoveAClassBeyondItsShareAreHeldForReview() {
        List<FeedbackRow> waiting = new ArrayList<>();
        for (int i = 0; i < 21; i++) { // 21 titles into pets, 200 rows: more than 10 % (20)
            waiting.add(row("cheddar " + i, "pets", "dairy", "a"));
            waiting.add(row("cheddar " + i, "pets", "dairy", "b"));
        }
        waiting.add(row("gouda", "snacks", "dairy", "a"));
        waiting.add(row("gouda", "snacks", "dairy", "b"));

        FeedbackPolicy.Decision decision = POLICY.decide(waiting, Map.of("a", 22L, "b", 22L), Map.of(), Map.of(), BASE);

        assertThat(decision.held()).hasSize(42);
        assertThat(decision.held().values()).allMatch(reason -> reason.contains("42 corrections into 'pets'"));
        assertThat(decision.admitted()).extracting(FeedbackRow::text).containsExactly("gouda", "gouda");
    }

    @Test
    void correctionsExportedEarlierInTheWindowCountTowardsTheClassShare() {
        List<FeedbackRow> waiting = List.of(row("brie", "pets", "dairy", "a"), row("brie", "pets", "dairy", "b"));

        assertThat(POLICY.decide(waiting, Map.of(), Map.of(), Map.of("pets", 18L), BASE)
                        .held())
                .isEmpty(); // 18 + 2 = 20: at the share
        assertThat(POLICY.decide(waiting, Map.of(), Map.of(), Map.of("pets", 19L), BASE)
                        .held())
                .hasSize(2)
                .allSatisfy((id, reason) -> assertThat(reason).contains("21 corrections into 'pets' in the window"));
    }

    @Test
    void anApprovedRowSkipsQuorumAndReview() {
        FeedbackRow approved = new FeedbackRow(
                99L,
                "Organic Whole Milk",
                "pets",
                null,
                null,
                "flooder",
                Instant.EPOCH,
                null,
                null,
                null,
                "dairy",
                null,
                FeedbackRow.APPROVED);

        FeedbackPolicy.Decision decision =
                POLICY.decide(List.of(approved), Map.of("flooder", 500L), Map.of(), Map.of(), BASE);

        assertThat(decision.admitted()).containsExactly(approved);
    }

    @Test
    void oneClientIsCappedOverTheWindowAcrossExportsAndFeedbackAtItsShare() {
        List<FeedbackRow> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(row("milk " + i, "dairy", "dairy", "busy"));
        }
        for (int i = 0; i < 10; i++) {
            waiting.add(row("chips " + i, "snacks", "snacks", i % 2 == 0 ? "shop-a" : "shop-b"));
        }
        FeedbackPolicy policy = new FeedbackPolicy(2, 50, 0.1, 5, 0.2);

        // "busy" had 3 rows exported earlier in the window: 2 more now; 0.2 of the whole of 60 base rows: 15
        List<FeedbackRow> admitted = policy.capped(waiting, Map.of("busy", 3L), 60);

        assertThat(admitted).hasSize(12);
        assertThat(admitted.stream().filter(r -> r.clientId().equals("busy"))).hasSize(2);
        assertThat(policy.capped(waiting, Map.of(), 0))
                .as("no trained rows: nothing")
                .isEmpty();
        assertThat(new FeedbackPolicy(2, 50, 0.1, 500, 1.0).capped(waiting, Map.of(), 0))
                .as("share 1: no share cap")
                .hasSize(60);
    }
}
