package io.prodcat.adapters.persistence;

import java.time.Instant;

/**
 * One feedback export in {@code feedback_export} (the outbox of feedback datasets).
 *
 * @param id              export id; the claimed rows carry it in {@code feedback.export_id}
 * @param state           {@code CLAIMED} until the dataset is written and the rows marked, then {@code DONE}
 * @param baseDatasetPath the trained dataset the rows are added to; null when none
 * @param datasetPath     where the dataset is written (the same on every attempt)
 */
public record FeedbackExport(
        String id,
        String state,
        String baseDatasetPath,
        String datasetPath,
        String datasetHash,
        Instant claimedAt,
        Instant doneAt) {

    public static FeedbackExport claimed(String id, String baseDatasetPath, String datasetPath, Instant at) {
        return new FeedbackExport(id, "CLAIMED", baseDatasetPath, datasetPath, null, at, null);
    }
}
