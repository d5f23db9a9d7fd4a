package io.prodcat.events;

/**
 * Data of {@code io.prodcat.evaluation.completed} (not promoted, with the reason) and
 * {@code io.prodcat.model.promoted} (promoted: predict loads {@code weightsUri}).
 *
 * @param modelName    registered model name
 * @param modelVersion the registered version
 * @param f1           macro-F1 on the held-out rows
 * @param minF1        worst-class F1 on them
 * @param promoted     whether alias {@code champion} now names this version
 * @param reason       the quality gate's verdict, for people
 */
public record EvaluationResult(String trainingId, String runId, String modelName, String modelVersion,
                               String weightsUri, double f1, double minF1, double accuracy, double weightedF1,
                               int heldOutRows, boolean promoted, String reason) {
}
