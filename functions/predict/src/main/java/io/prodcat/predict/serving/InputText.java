package io.prodcat.predict.serving;

import io.prodcat.engine.dataset.TextRules;
import io.prodcat.function.support.BadInput;
import io.prodcat.predict.PredictProperties;

/** What every title and label meets where it enters predict (a prediction, a feedback row), answered as bad input. */
public final class InputText {

    private InputText() {}

    /** A text to score: present, within the character limit, and meeting the text rules. */
    public static void checkText(String value, String field, PredictProperties.Api limits) {
        if (value == null || value.isBlank()) {
            throw new BadInput("\"" + field + "\" must be a non-empty string");
        }
        if (value.length() > limits.maxTextChars()) {
            throw new BadInput("\"" + field + "\" has " + value.length() + " characters, at most "
                    + limits.maxTextChars() + " are allowed");
        }
        checkCharacters(value, field);
    }

    /** The rule every text and label meets at the door, so that none can fail a training later. */
    public static void checkCharacters(String value, String field) {
        TextRules.violation(value).ifPresent(problem -> {
            throw new BadInput("\"" + field + "\": " + problem);
        });
    }
}
