package io.prodcat.events;

/**
 * Data of {@code io.prodcat.model.promoted}: alias {@code champion} now names {@code modelVersion}; predict loads it.
 *
 * @param modelName    registered model name
 * @param modelVersion the new champion's version
 * @param weightsUri   its model file
 * @param f1           macro-F1 on the held-out rows
 * @param minF1        worst-class F1 on them
 * @param heldOutRows  how many rows were scored
 * @param reason       the quality gate's verdict, for people
 */
public record ModelPromoted(
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
        String reason)
        implements EventData {

    @Override
    public String subject() {
        return trainingId;
    }
}
