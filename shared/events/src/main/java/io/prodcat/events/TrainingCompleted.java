package io.prodcat.events;

import java.util.List;

/**
 * Data of {@code io.prodcat.training.completed}, version 2: where the model and the rows it never saw are.
 *
 * @param trainingId         auto_training.id
 * @param runId              MLflow run id
 * @param datasetPath        s3://bucket/key of the dataset
 * @param datasetHash        SHA-1 of the dataset bytes
 * @param weightsUri         s3:// URI of the model file
 * @param holdoutManifestUri s3:// URI of the holdout manifest: which rows of the dataset were held out
 * @param bestCheckpoint     the checkpoint chosen on validation
 * @param validationF1       its validation macro-F1
 * @param validationMinF1    its validation worst-class F1
 * @param textColumns        the dataset's text columns, in order
 * @param labelColumn        its label column
 */
public record TrainingCompleted(
        String trainingId,
        String runId,
        String datasetPath,
        String datasetHash,
        String weightsUri,
        String holdoutManifestUri,
        String bestCheckpoint,
        double validationF1,
        double validationMinF1,
        List<String> textColumns,
        String labelColumn)
        implements EventData {

    /** @throws EventFormatException naming the missing or empty fields */
    public TrainingCompleted {
        if (trainingId == null || runId == null || datasetPath == null || weightsUri == null) {
            throw new EventFormatException("training.completed needs trainingId, runId, datasetPath and weightsUri");
        }
        if (textColumns == null
                || textColumns.isEmpty()
                || textColumns.stream().anyMatch(column -> column == null || column.isBlank())
                || labelColumn == null
                || labelColumn.isBlank()) {
            throw new EventFormatException("training.completed needs textColumns (non-blank names) and a labelColumn");
        }
        textColumns = List.copyOf(textColumns);
    }

    @Override
    public String subject() {
        return datasetPath;
    }
}
