package io.prodcat.adapters.persistence;

import java.time.Instant;

/**
 * One correction in {@code feedback}.
 *
 * @param id                  database id; null before insertion
 * @param predictedLabel      what the model said, when the caller sent it
 * @param modelVersion        which model said it, when known
 * @param clientId            who sent it: an API key's client, a JWT's subject, or {@code anonymous}
 * @param consumedDatasetHash SHA-1 of the training dataset that included this row; null while unconsumed
 * @param servedLabel         what the served model answered for the text when the row came in; null when unknown
 * @param heldReason          why it is held out of training sets; null when it is not
 * @param reviewDecision      {@code APPROVED} or {@code DROPPED} by an admin; null when not reviewed
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
        Instant consumedAt,
        String servedLabel,
        String heldReason,
        String reviewDecision) {

    public static final String APPROVED = "APPROVED";

    /** Its label differs from what the served model answered (or that answer is unknown): it would move the model. */
    public boolean isCorrection() {
        return servedLabel == null || !servedLabel.equals(trueLabel);
    }

    public boolean approved() {
        return APPROVED.equals(reviewDecision);
    }

    /** The same row, with what the served model answered for its text. */
    public FeedbackRow servedAs(String label) {
        return new FeedbackRow(
                id,
                text,
                trueLabel,
                predictedLabel,
                modelVersion,
                clientId,
                receivedAt,
                consumedDatasetHash,
                consumedDatasetPath,
                consumedAt,
                label,
                heldReason,
                reviewDecision);
    }

    /** A new, unconsumed correction. */
    public static FeedbackRow received(
            String text,
            String trueLabel,
            String predictedLabel,
            String modelVersion,
            String clientId,
            Instant receivedAt) {
        return new FeedbackRow(
                null,
                text,
                trueLabel,
                predictedLabel,
                modelVersion,
                clientId,
                receivedAt,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
