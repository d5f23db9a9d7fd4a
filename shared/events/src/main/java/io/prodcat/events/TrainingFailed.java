package io.prodcat.events;

/**
 * Data of {@code io.prodcat.training.failed}: the dataset cannot be trained on, and retrying cannot help.
 *
 * @param trainingId  the ledger row concerned, when there is one
 * @param datasetPath s3://bucket/key
 * @param datasetHash SHA-1 of the dataset, when it was read
 * @param status      the ledger status (FAILED) or NONE when no row was written
 * @param reason      what happened, for people
 */
public record TrainingFailed(String trainingId, String datasetPath, String datasetHash, String status, String reason)
        implements EventData {

    @Override
    public String subject() {
        return datasetPath;
    }
}
