package io.prodcat.evaluate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.FeedbackDao.ScoredFeedback;
import io.prodcat.adapters.persistence.VersionTrafficDao.Totals;
import io.prodcat.evaluate.rollout.RolloutJudge.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each rule of the rollout check on figures made for it. */
class RolloutJudgeTest {

    private static final ScoredFeedback NONE = new ScoredFeedback(0, 0);

    private static RolloutJudge judge(String mode) {
        return new RolloutJudge(new RolloutSettings(mode, 100, 0.9, 20, 0.01, 0.7, Duration.ofHours(1)));
    }

    private static Totals shadow(long compared, long agreed, long failed) {
        return new Totals(0, 0, compared, agreed, failed, 0);
    }

    private static Totals canary(long answered, long failed) {
        return new Totals(answered, failed, 0, 0, 0, 0);
    }

    @Test
    void aChallengerWithTooFewRequestsWaits() {
        RolloutJudge.Verdict verdict = judge("shadow").challenger(shadow(99, 99, 0), NONE, NONE);

        assertThat(verdict.decision()).isEqualTo(Decision.WAIT);
        assertThat(verdict.reason()).contains("99 of the 100");
    }

    @Test
    void agreementDecidesWithoutFeedback() {
        assertThat(judge("shadow").challenger(shadow(200, 180, 0), NONE, NONE).decision())
                .isEqualTo(Decision.PROMOTE); // 90 % reaches the bar
        RolloutJudge.Verdict low = judge("shadow").challenger(shadow(200, 179, 0), NONE, NONE);
        assertThat(low.decision()).isEqualTo(Decision.RETIRE);
        assertThat(low.figures()).containsEntry("agreement", 179 / 200.0);
    }

    @Test
    void feedbackForBothVersionsOverridesAgreement() {
        // agrees on only half the texts, but is right more often than the champion on the feedback
        RolloutJudge.Verdict better =
                judge("shadow").challenger(shadow(200, 100, 0), new ScoredFeedback(20, 18), new ScoredFeedback(20, 12));
        assertThat(better.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(better.reason()).contains("90.0 %").contains("60.0 %");
        // agrees nearly always, but is right less often
        assertThat(judge("shadow")
                        .challenger(shadow(200, 199, 0), new ScoredFeedback(20, 11), new ScoredFeedback(20, 12))
                        .decision())
                .isEqualTo(Decision.RETIRE);
        // one version short of feedback: agreement decides
        assertThat(judge("shadow")
                        .challenger(shadow(200, 199, 0), new ScoredFeedback(19, 0), new ScoredFeedback(20, 20))
                        .decision())
                .isEqualTo(Decision.PROMOTE);
    }

    @Test
    void errorsOverTheLimitRetireAChallengerWhateverElse() {
        RolloutJudge.Verdict verdict =
                judge("canary").challenger(canary(197, 3), new ScoredFeedback(20, 20), new ScoredFeedback(20, 10));

        assertThat(verdict.decision()).isEqualTo(Decision.RETIRE);
        assertThat(verdict.reason()).contains("error rate 1.5 %");
        assertThat(judge("canary").challenger(canary(198, 2), NONE, NONE).decision())
                .as("exactly the limit is allowed")
                .isNotEqualTo(Decision.RETIRE);
    }

    @Test
    void aCanaryWithoutFeedbackOrComparisonsWaits() {
        assertThat(judge("canary").challenger(canary(500, 0), NONE, NONE).decision())
                .isEqualTo(Decision.WAIT);
        assertThat(judge("canary")
                        .challenger(new Totals(500, 0, 400, 390, 0, 100), NONE, NONE)
                        .decision())
                .isEqualTo(Decision.PROMOTE);
    }

    @Test
    void aFreshChampionIsRolledBackOnErrorsOrFeedbackAndKeptOtherwise() {
        assertThat(judge("direct").freshChampion(canary(98, 2), NONE).decision())
                .isEqualTo(Decision.ROLL_BACK);
        assertThat(judge("direct").freshChampion(canary(99, 1), NONE).decision())
                .isEqualTo(Decision.KEEP); // exactly the limit
        assertThat(judge("direct").freshChampion(canary(10, 5), NONE).decision())
                .as("too few requests to judge the error rate")
                .isEqualTo(Decision.KEEP);
        RolloutJudge.Verdict wrong = judge("direct").freshChampion(canary(500, 0), new ScoredFeedback(20, 13));
        assertThat(wrong.decision()).isEqualTo(Decision.ROLL_BACK);
        assertThat(wrong.reason()).contains("65.0 %");
        assertThat(judge("direct")
                        .freshChampion(canary(500, 0), new ScoredFeedback(20, 14))
                        .decision())
                .isEqualTo(Decision.KEEP);
    }
}
