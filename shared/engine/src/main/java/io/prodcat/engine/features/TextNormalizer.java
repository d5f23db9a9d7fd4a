package io.prodcat.engine.features;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one text normalisation used for training and prediction alike: Unicode NFKC (so full-width and
 * compatibility forms match their plain letters), then lower case in the root locale. Tokens are the
 * maximal runs of letters and digits of the result; everything else separates them.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    public static String normalize(String text) {
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Whether the character belongs to a token. */
    static boolean isTokenChar(char c) {
        return c < 128
                ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                : Character.isLetterOrDigit(c)
                        || Character.isSurrogate(c)
                        || Character.getType(c) == Character.NON_SPACING_MARK;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
