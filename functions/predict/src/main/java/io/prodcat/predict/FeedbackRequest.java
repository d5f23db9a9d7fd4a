package io.prodcat.predict;

import io.prodcat.function.support.BadInput;

/**
 * Body of {@code POST /feedback}: the true label of a text, and optionally what the model said.
 *
 * @param label          the true label
 * @param predictedLabel the model's answer, when the caller kept it
 * @param modelVersion   the version that answered, when known
 */
record FeedbackRequest(String text, String label, String predictedLabel, String modelVersion) {

    void validate(PredictProperties.Api limits) {
        PredictRequest.checkText(text, "text", limits);
        if (label == null || label.isBlank() || label.length() > 255) {
            throw new BadInput("\"label\" must be a non-empty string of at most 255 characters");
        }
        PredictRequest.checkCharacters(label, "label");
        if (predictedLabel != null && predictedLabel.length() > 255) {
            throw new BadInput("\"predictedLabel\" has more than 255 characters");
        }
        if (predictedLabel != null) {
            PredictRequest.checkCharacters(predictedLabel, "predictedLabel");
        }
        if (modelVersion != null && modelVersion.length() > 32) {
            throw new BadInput("\"modelVersion\" has more than 32 characters");
        }
    }
}
