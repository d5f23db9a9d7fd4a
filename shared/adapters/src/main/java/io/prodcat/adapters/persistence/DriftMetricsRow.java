package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One test of one drift check in {@code drift_metrics}.
 *
 * @param test      {@code psi}, {@code chi_square}, {@code js_distance}, {@code ks_confidence}, {@code domain_auc},
 *                  {@code feedback_accuracy}
 * @param statistic null when there was not enough data
 * @param pValue    for the hypothesis tests; else null
 * @param threshold the statistic's (or the p-value's) alarm level
 * @param verdict   {@code drift}, {@code no_drift} or {@code not_enough_data}
 */
public record DriftMetricsRow(
        UUID checkId,
        Instant checkedAt,
        String modelVersion,
        Instant windowStart,
        Instant windowEnd,
        int windowSize,
        String test,
        Double statistic,
        Double pValue,
        Double threshold,
        String verdict,
        String detail) {}
