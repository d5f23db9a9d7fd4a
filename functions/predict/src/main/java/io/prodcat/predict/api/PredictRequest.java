package io.prodcat.predict.api;

import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;
import io.prodcat.predict.serving.InputText;
import java.util.List;

/**
 * Body of {@code POST /predict}: exactly one of {@code text} (one answer) or {@code texts} (a batch, answers in
 * order); {@code k} labels per text (default 1); with {@code minConfidence}, also the deepest level of the label
 * tree whose probability reaches it.
 */
public record PredictRequest(String text, List<String> texts, Integer k, Double minConfidence) {

    /** @throws BadInput naming the field and what was expected */
    public void validate(PredictProperties.Api limits) {
        if ((text == null) == (texts == null)) {
            throw new BadInput("give exactly one of \"text\" (a string) or \"texts\" (an array of strings)");
        }
        if (k != null && (k < 1 || k > 100)) {
            throw new BadInput("\"k\" must be between 1 and 100, got " + k);
        }
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
            throw new BadInput("\"minConfidence\" must be between 0 and 1, got " + minConfidence);
        }
        if (text != null) {
            InputText.checkText(text, "text", limits);
            return;
        }
        if (texts.isEmpty() || texts.size() > limits.maxBatch()) {
            throw new BadInput("\"texts\" must hold 1 to " + limits.maxBatch() + " strings, got " + texts.size());
        }
        if ((long) texts.size() * topK() > limits.maxBatchCost()) {
            throw new BadInput("a request may ask for at most " + limits.maxBatchCost() + " labels (texts × k), this"
                    + " one asks for " + texts.size() + " × " + topK());
        }
        for (int i = 0; i < texts.size(); i++) {
            InputText.checkText(texts.get(i), "texts[" + i + "]", limits);
        }
    }

    int topK() {
        return k == null ? 1 : k;
    }
}
