package io.prodcat.predict.feedback;

import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.InputText;

/**
 * Body of {@code POST /feedback}: the true label of a text, and optionally what the model said.
 *
 * @param label          the true label
 * @param predictedLabel the model's answer, when the caller kept it
 * @param modelVersion   the version that answered, when known
 */
public record FeedbackRequest(String text, String label, String predictedLabel, String modelVersion) {

    public void validate(PredictProperties.Api limits) {
        InputText.checkText(text, "text", limits);
        if (label == null || label.isBlank() || label.length() > 255) {
            throw new BadInput("\"label\" must be a non-empty string of at most 255 characters");
        }
        InputText.checkCharacters(label, "label");
        if (predictedLabel != null && predictedLabel.length() > 255) {
            throw new BadInput("\"predictedLabel\" has more than 255 characters");
        }
        if (predictedLabel != null) {
            InputText.checkCharacters(predictedLabel, "predictedLabel");
        }
        if (modelVersion != null && modelVersion.length() > 32) {
            throw new BadInput("\"modelVersion\" has more than 32 characters");
        }
    }
}
