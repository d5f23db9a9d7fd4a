package io.prodcat.adapters.persistence;

/**
 * One row of {@code model_metrics_back_off}: what answering the deepest confident level does at one threshold.
 *
 * @param metricsId     {@code model_metrics.id}
 * @param minConfidence the threshold
 * @param answered      share of rows answered at level 1 or deeper
 * @param leafAnswered  share answered down to the leaf
 * @param accuracy      share of the answered rows whose answer lies on the true path
 */
public record BackOffRow(long metricsId, double minConfidence, double answered, double leafAnswered, double accuracy) {}
