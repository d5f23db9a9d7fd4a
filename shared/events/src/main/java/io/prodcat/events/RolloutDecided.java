package io.prodcat.events;

import java.util.Map;

/**
 * Data of {@code io.prodcat.rollout.decided}: the rollout check moved an alias. Predict follows the registry's
 * aliases by itself (its poll); the event is for people and their alerting.
 *
 * @param decision        {@code promoted} (the challenger became champion), {@code retired} (the challenger was
 *                        removed) or {@code rolled_back} (a fresh champion gave way to the version before it)
 * @param modelVersion    the version the decision is about (the challenger, or the fresh champion)
 * @param championVersion the champion after the decision
 * @param mode            {@code shadow} or {@code canary} for a challenger; {@code champion} for a rollback
 * @param figures         the online figures it was judged by (requests, agreement, accuracies, error rate)
 */
public record RolloutDecided(
        String decision,
        String modelName,
        String modelVersion,
        String championVersion,
        String mode,
        String reason,
        Map<String, Double> figures)
        implements EventData {

    @Override
    public String subject() {
        return modelVersion;
    }
}
