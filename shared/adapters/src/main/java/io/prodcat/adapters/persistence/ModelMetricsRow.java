package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code model_metrics}: one evaluation of one trained model on one set of data.
 *
 * @param id           database id; null before insertion
 * @param timestamp    when the evaluation ran (UTC)
 * @param f1           macro-F1
 * @param minF1        worst F1 among the classes present in the evaluated data
 * @param modelVersion registry version, null until registered
 * @param evaluatedOn  which data: {@code holdout}, {@code test}, {@code feedback}
 * @param sampleCount  how many rows the figures were measured on
 */
public record ModelMetricsRow(
        Long id,
        Instant timestamp,
        double f1,
        double minF1,
        double accuracy,
        double weightedF1,
        String runId,
        UUID trainingId,
        String modelVersion,
        String evaluatedOn,
        int sampleCount) {}
