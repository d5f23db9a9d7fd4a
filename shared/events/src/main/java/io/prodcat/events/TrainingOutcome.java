package io.prodcat.events;

/**
 * Data of {@code io.prodcat.training.failed} and {@code io.prodcat.training.skipped}.
 *
 * @param trainingId  the ledger row concerned, when there is one
 * @param datasetPath s3://bucket/key
 * @param datasetHash SHA-1 of the dataset, when it was read
 * @param status      the ledger status (FAILED, FINISHED, RUNNING) or NONE
 * @param reason      what happened, for people
 */
public record TrainingOutcome(String trainingId, String datasetPath, String datasetHash, String status,
                              String reason) {
}
