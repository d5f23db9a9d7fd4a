package io.prodcat.adapters.persistence;

import java.time.Instant;

/**
 * One answer of predict in {@code prediction_log}.
 *
 * @param topLabel       the level-1 category of a path label; null for flat labels
 * @param topProbability its probability; null for flat labels
 * @param textHash       first 8 bytes of the text's SHA-256, hex
 * @param text           the text itself, or null unless PRODCAT_PREDICTION_LOG_TEXTS allows it
 */
public record PredictionLogRow(
        Instant predictedAt,
        String modelVersion,
        String label,
        double probability,
        String topLabel,
        Double topProbability,
        int textLength,
        String textHash,
        String text) {}
