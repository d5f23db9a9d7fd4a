package io.prodcat.events;

import java.util.List;
import java.util.Map;

/**
 * Data of {@code io.prodcat.drift.detected}: the champion's recent answers no longer look like its reference (its
 * held-out rows). A Trigger routes it to the alert sink, and optionally to a retraining with the feedback gathered.
 *
 * @param fired            the tests that found drift ({@code psi}, {@code chi_square}, {@code js_distance},
 *                         {@code ks_confidence}, {@code domain_auc}, {@code feedback_accuracy})
 * @param figures          every test's statistic
 * @param separatingNgrams the words and word pairs that tell recent titles from the reference best (when texts are
 *                         logged), with the domain classifier's probability that a title holding it is recent
 */
public record DriftDetected(
        String checkId,
        String modelVersion,
        String windowStart,
        String windowEnd,
        int windowSize,
        List<String> fired,
        Map<String, Double> figures,
        List<String> separatingNgrams)
        implements EventData {

    @Override
    public String subject() {
        return modelVersion;
    }
}
