package io.prodcat.predict.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The canary's split of callers: even, sticky for a trial, drawn anew for the next challenger. */
class RolloutRouterTest {

    @Test
    void callersSpreadEvenlyOverTheUnitInterval() {
        int callers = 100_000;
        int[] tenths = new int[10];
        for (int i = 0; i < callers; i++) {
            double bucket = RolloutRouter.bucket("session-" + i, "7");
            assertThat(bucket).isGreaterThanOrEqualTo(0).isLessThan(1);
            tenths[(int) (bucket * 10)]++;
        }
        // each tenth holds 10,000 ± 4 standard deviations (sd = sqrt(100,000 · 0.1 · 0.9) ≈ 95)
        for (int count : tenths) {
            assertThat(count).isBetween(10_000 - 380, 10_000 + 380);
        }
    }

    @Test
    void aCallerKeepsItsSideForATrialAndIsDrawnAgainForTheNext() {
        int moved = 0;
        for (int i = 0; i < 1_000; i++) {
            String caller = "customer-" + i;
            assertThat(RolloutRouter.bucket(caller, "7")).isEqualTo(RolloutRouter.bucket(caller, "7"));
            if ((RolloutRouter.bucket(caller, "7") < 0.2) != (RolloutRouter.bucket(caller, "8") < 0.2)) {
                moved++;
            }
        }
        // independent draws: about 2 · 0.2 · 0.8 = 32 % of callers change side between trials
        assertThat(moved).isBetween(250, 390);
    }
}
