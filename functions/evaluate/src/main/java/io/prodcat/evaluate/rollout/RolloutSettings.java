package io.prodcat.evaluate.rollout;

import io.prodcat.function.support.SharedDefaults;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a version that passed the gate reaches traffic, and the bar the rollout check ({@code POST /rollout}) holds
 * it to (docs/ROLLOUT.md).
 *
 * @param mode                how a version that passed the gate reaches traffic: {@code direct} (champion at once),
 *                            {@code shadow} or {@code canary} (the challenger first, beside the champion)
 * @param minRequests         requests a version must have served (or scored in the shadow) before it is judged
 * @param minAgreement        share of the champion's answers the challenger must give, when feedback cannot decide
 * @param minFeedback         feedback rows each version needs before feedback accuracy decides
 * @param maxErrorRate        share of failed requests that retires a challenger or rolls a fresh champion back
 * @param minFeedbackAccuracy feedback accuracy below which a fresh champion is rolled back
 * @param championWatch       how long after its promotion a champion can be rolled back automatically
 */
public record RolloutSettings(
        @DefaultValue(SharedDefaults.ROLLOUT_MODE) String mode,
        @DefaultValue("1000") long minRequests,
        @DefaultValue("0.9") double minAgreement,
        @DefaultValue("30") long minFeedback,
        @DefaultValue("0.01") double maxErrorRate,
        @DefaultValue("0.7") double minFeedbackAccuracy,
        @DefaultValue("1h") Duration championWatch) {

    static final String DIRECT = "direct";
    static final String SHADOW = "shadow";
    static final String CANARY = "canary";

    public RolloutSettings {
        mode = mode == null || mode.isBlank() ? DIRECT : mode.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals(DIRECT) && !mode.equals(SHADOW) && !mode.equals(CANARY)) {
            throw new IllegalArgumentException(
                    "PRODCAT_ROLLOUT_MODE must be direct, shadow or canary, got '" + mode + "'");
        }
        if (minRequests < 1 || minFeedback < 1) {
            throw new IllegalArgumentException("PRODCAT_ROLLOUT_MIN_REQUESTS and _MIN_FEEDBACK must be at least 1");
        }
    }

    public boolean trialFirst() {
        return !mode.equals(DIRECT);
    }
}
