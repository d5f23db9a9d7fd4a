package io.prodcat.events;

/**
 * Data of {@code io.prodcat.training.completed}: everything evaluate needs to find the model and rebuild
 * its held-out rows exactly.
 *
 * @param trainingId        auto_training.id
 * @param runId             MLflow run id
 * @param datasetPath       s3://bucket/key of the dataset
 * @param datasetHash       SHA-1 of the dataset bytes
 * @param weightsUri        s3:// URI of the model file
 * @param bestCheckpoint    the checkpoint chosen on validation
 * @param validationF1      its validation macro-F1
 * @param validationMinF1   its validation worst-class F1
 * @param textColumns       text columns, comma-separated
 * @param labelColumn       label column
 * @param holdoutFraction   share of each class held out from training for evaluation
 * @param holdoutSeed       seed of that stratified split
 */
public record TrainingCompleted(String trainingId, String runId, String datasetPath, String datasetHash,
                                String weightsUri, String bestCheckpoint, double validationF1,
                                double validationMinF1, String textColumns, String labelColumn,
                                double holdoutFraction, long holdoutSeed) {
}
