package io.prodcat.adapters.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code auto_training}. Nullable fields are filled in as the training progresses.
 *
 * @param trainingDate start of the current attempt (UTC)
 * @param datasetHash  SHA-1 of the dataset bytes, 40 lower-case hex digits
 * @param configHash   SHA-1 of the training configuration; with datasetHash, unique
 * @param f1           best checkpoint's validation macro-F1
 * @param minF1        best checkpoint's validation worst-class F1
 * @param error        why it FAILED or was INTERRUPTED
 */
public record TrainingRecord(
        UUID id,
        Instant trainingDate,
        String datasetHash,
        String datasetPath,
        String configHash,
        String runId,
        String bestCheckpoint,
        Double f1,
        Double minF1,
        String weightsS3,
        TrainingStatus status,
        String error,
        Instant finishedAt,
        Long durationMs,
        int attempt) {

    /** A fresh RUNNING row for a first attempt. */
    public static TrainingRecord running(
            UUID id, Instant now, String datasetHash, String datasetPath, String configHash) {
        return new TrainingRecord(
                id,
                now,
                datasetHash,
                datasetPath,
                configHash,
                null,
                null,
                null,
                null,
                null,
                TrainingStatus.RUNNING,
                null,
                null,
                null,
                1);
    }
}
