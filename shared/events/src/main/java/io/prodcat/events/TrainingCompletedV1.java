package io.prodcat.events;

import java.util.Arrays;

/**
 * Data of {@code io.prodcat.training.completed} version 1, still read for one release: columns comma-joined, and
 * no manifest: the held-out rows are rebuilt from the dataset with the split's fraction and seed.
 */
public record TrainingCompletedV1(
        String trainingId,
        String runId,
        String datasetPath,
        String datasetHash,
        String weightsUri,
        String bestCheckpoint,
        double validationF1,
        double validationMinF1,
        String textColumns,
        String labelColumn,
        double holdoutFraction,
        long holdoutSeed) {

    /** @throws EventFormatException when the split cannot be rebuilt: no fraction strictly between 0 and 1 */
    public TrainingCompletedV1 {
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new EventFormatException(
                    "training.completed v1 needs holdoutFraction strictly between 0 and 1, got " + holdoutFraction);
        }
    }

    /** The same facts in version 2's shape, without a manifest ({@code holdoutManifestUri} null). */
    public TrainingCompleted upgrade() {
        return new TrainingCompleted(
                trainingId,
                runId,
                datasetPath,
                datasetHash,
                weightsUri,
                null,
                bestCheckpoint,
                validationF1,
                validationMinF1,
                textColumns == null ? null : Arrays.asList(textColumns.split(",")),
                labelColumn);
    }
}
