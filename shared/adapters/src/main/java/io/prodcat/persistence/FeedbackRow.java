package io.prodcat.persistence;

import java.time.Instant;

/**
 * One correction in {@code feedback}.
 *
 * @param id                  database id; null before insertion
 * @param predictedLabel      what the model said, when the caller sent it
 * @param modelVersion        which model said it, when known
 * @param clientId            who sent it: an API key's client, a JWT's subject, or {@code anonymous}
 * @param consumedDatasetHash SHA-1 of the training dataset that included this row; null while unconsumed
 */
public record FeedbackRow(
        Long id,
        String text,
        String trueLabel,
        String predictedLabel,
        String modelVersion,
        String clientId,
        Instant receivedAt,
        String consumedDatasetHash,
        String consumedDatasetPath,
        Instant consumedAt) {

    /** A new, unconsumed correction. */
    public static FeedbackRow received(
            String text,
            String trueLabel,
            String predictedLabel,
            String modelVersion,
            String clientId,
            Instant receivedAt) {
        return new FeedbackRow(
                null, text, trueLabel, predictedLabel, modelVersion, clientId, receivedAt, null, null, null);
    }
}
