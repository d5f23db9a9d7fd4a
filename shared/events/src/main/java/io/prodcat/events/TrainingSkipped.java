package io.prodcat.events;

/**
 * Data of {@code io.prodcat.training.skipped}: the same bytes and configuration were trained, are training, or
 * failed before.
 *
 * @param trainingId  the ledger row that holds this dataset
 * @param datasetPath s3://bucket/key
 * @param datasetHash SHA-1 of the dataset
 * @param status      that row's status (FINISHED, RUNNING, FAILED)
 * @param reason      what happened, for people
 */
public record TrainingSkipped(String trainingId, String datasetPath, String datasetHash, String status, String reason)
        implements EventData {

    @Override
    public String subject() {
        return datasetPath;
    }
}
