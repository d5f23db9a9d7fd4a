package io.prodcat.events;

/**
 * Data of {@code io.prodcat.evaluation.completed}: a training evaluated and not promoted now (the gate said no, or
 * this was a redelivery of an evaluation already recorded).
 *
 * @param modelName    registered model name
 * @param modelVersion the registered version
 * @param f1           macro-F1 on the held-out rows
 * @param minF1        worst-class F1 on them
 * @param heldOutRows  how many rows were scored
 * @param promoted     whether alias {@code champion} names this version (true only for a redelivery after promotion)
 * @param reason       the quality gate's verdict, for people
 */
public record EvaluationCompleted(
        String trainingId,
        String runId,
        String modelName,
        String modelVersion,
        String weightsUri,
        double f1,
        double minF1,
        double accuracy,
        double weightedF1,
        int heldOutRows,
        boolean promoted,
        String reason)
        implements EventData {

    @Override
    public String subject() {
        return trainingId;
    }
}
