package io.prodcat.engine.features;

/**
 * How text becomes features. Word n-grams (1..{@code wordMaxN}) and character n-grams
 * ({@code charMinN}..{@code charMaxN}, inside word boundaries, each word padded with one space on both
 * sides) are hashed into two separate spaces of 2^{@code hashBits} buckets, weighted by TF-IDF
 * (1 + ln tf) · (ln((1 + n) / (1 + df)) + 1), L2-normalised per family and the character family scaled
 * by {@code charWeight}. Only buckets seen in at least {@code minDf} training texts become columns.
 */
public record FeatureConfig(int wordMaxN, int charMinN, int charMaxN, int hashBits, double charWeight, int minDf) {

    /** Word 1–3-grams, char 4–5-grams, 2^20 buckets a family, equal weight, every seen bucket. */
    public static final FeatureConfig DEFAULT = new FeatureConfig(3, 4, 5, 20, 1.0, 1);

    public FeatureConfig {
        check(wordMaxN >= 1 && wordMaxN <= 3, "wordMaxN must be 1..3", wordMaxN);
        check(
                charMinN >= 1 && charMaxN <= 8 && charMinN <= charMaxN,
                "char n-grams must satisfy 1 <= min <= max <= 8",
                charMinN + ".." + charMaxN);
        check(hashBits >= 10 && hashBits <= 24, "hashBits must be 10..24", hashBits);
        check(charWeight >= 0 && charWeight <= 10, "charWeight must be 0..10", charWeight);
        check(minDf >= 1, "minDf must be at least 1", minDf);
    }

    private static void check(boolean ok, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", got " + value);
        }
    }
}
