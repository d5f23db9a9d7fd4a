package io.prodcat.engine.training;

/**
 * One point of the training path, scored on the validation split.
 *
 * @param number           1-based, in training order
 * @param cost             SVM cost C
 * @param classWeightPower class weighting (0 = none)
 * @param nodeShare        share of the top-level nodes' scores added to their leaves' (0 = none; {@link TopLevelNodes})
 * @param epochs           solver passes this checkpoint took (the most of any class)
 * @param elapsedSeconds   since training started
 */
public record Checkpoint(
        int number,
        double cost,
        double classWeightPower,
        double nodeShare,
        double validationMacroF1,
        double validationMinF1,
        int epochs,
        double elapsedSeconds) {

    /** The name the ledger's best_checkpoint column stores. */
    public String name() {
        return "checkpoint-" + number;
    }
}
