package io.prodcat.engine.model;

/**
 * The model a training followed, and what it chose: warm (one solve at the parent's setting from its duals) or cold
 * (the whole cost path).
 *
 * @param parentVersion          the parent's registry version (null: a model file given by hand)
 * @param parentTrainingId       the parent's training id (null: unknown)
 * @param parentDatasetSha1      SHA-1 of the data the parent was trained on
 * @param start                  {@code warm} or {@code cold}: which of the two this model is
 * @param warmValidationMacroF1  validation macro-F1 of the cold check's checkpoint at the parent's setting, on its
 *                               validation rows
 * @param coldValidationMacroF1  validation macro-F1 of the cold check's best checkpoint on the same rows
 * @param coldCheckRows          training rows the cold check was trained on (all of them or a sample)
 */
public record Lineage(
        String parentVersion,
        String parentTrainingId,
        String parentDatasetSha1,
        String start,
        double warmValidationMacroF1,
        double coldValidationMacroF1,
        int coldCheckRows) {

    public static final String WARM = "warm";
    public static final String COLD = "cold";

    public Lineage {
        if (!WARM.equals(start) && !COLD.equals(start)) {
            throw new IllegalArgumentException("start must be warm or cold, got " + start);
        }
    }
}
