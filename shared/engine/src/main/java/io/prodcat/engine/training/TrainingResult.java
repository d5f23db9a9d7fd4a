package io.prodcat.engine.training;

import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.model.LinearClassifier;
import java.util.List;

/**
 * What a training produced.
 *
 * @param model          the final classifier (refitted on all rows when configured)
 * @param checkpoints    every checkpoint in training order
 * @param best           the checkpoint chosen by validation macro-F1
 * @param validation     the chosen checkpoint on the validation rows, after class offsets
 * @param trainRows      rows the checkpoints were fitted on
 * @param validationRows rows they were scored on
 * @param unsplitClasses classes too small to appear in validation
 * @param seconds        wall time of the whole training
 * @param duals          the model's final duals, for a training after it ({@link Parent#duals})
 */
public record TrainingResult(
        LinearClassifier model,
        List<Checkpoint> checkpoints,
        Checkpoint best,
        Evaluation validation,
        int trainRows,
        int validationRows,
        List<String> unsplitClasses,
        double seconds,
        DualState duals) {

    public TrainingResult {
        checkpoints = List.copyOf(checkpoints);
        unsplitClasses = List.copyOf(unsplitClasses);
    }
}
