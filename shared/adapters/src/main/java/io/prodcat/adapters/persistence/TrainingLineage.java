package io.prodcat.adapters.persistence;

/**
 * The model a training followed (columns of {@code auto_training}, V15).
 *
 * @param parentVersion    registry version of the parent
 * @param parentTrainingId the parent's training id (null: unknown)
 * @param startChoice      {@code warm} or {@code cold}: what validation kept
 * @param warmF1           validation macro-F1 of the cold check's checkpoint at the parent's setting
 * @param coldCheckF1      validation macro-F1 of the cold check on a sample of the rows
 */
public record TrainingLineage(
        String parentVersion, String parentTrainingId, String startChoice, double warmF1, double coldCheckF1) {}
