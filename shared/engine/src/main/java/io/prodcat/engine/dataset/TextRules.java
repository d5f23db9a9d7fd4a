package io.prodcat.engine.dataset;

import java.util.Locale;
import java.util.Optional;

/**
 * What a text or label may contain, the one rule for every door a text comes through (a dataset CSV, a prediction,
 * a feedback row): nothing that was not UTF-8 (U+FFFD, which a decoder puts in its place, or a lone surrogate, which
 * UTF-8 cannot encode) and no control character but tab, line feed and carriage return. A text accepted by predict's
 * routes is therefore one the CSV reader accepts when it comes back in a dataset.
 */
public final class TextRules {

    private TextRules() {}

    /** Why {@code value} breaks the rule, naming the first offending character; empty when it does not. */
    public static Optional<String> violation(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\uFFFD') {
                return Optional.of("invalid UTF-8 bytes (U+FFFD at character " + (i + 1) + "); expected UTF-8 text");
            }
            if (c == '\0') {
                return Optional.of("NUL byte at character " + (i + 1) + ": binary input, expected UTF-8 text");
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(String.format(
                        Locale.ROOT,
                        "control character U+%04X at character %d; expected printable text",
                        (int) c,
                        i + 1));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("a lone surrogate at character " + (i + 1) + " cannot be written as UTF-8");
            }
        }
        return Optional.empty();
    }
}
