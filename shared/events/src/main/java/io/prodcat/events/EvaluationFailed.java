package io.prodcat.events;

/** Data of {@code io.prodcat.evaluation.failed}: nothing was recorded or registered. */
public record EvaluationFailed(String trainingId, String reason) implements EventData {

    @Override
    public String subject() {
        return trainingId;
    }
}
