package io.prodcat.engine.features;

/**
 * Turns a normalised text into hashed n-gram counts without building n-gram strings. Keys are
 * {@code family << hashBits | bucket}, family 0 for words, 1 for characters. Not thread-safe: one
 * instance per thread (its count table is reused between calls).
 */
final class NgramHasher {

    static final int WORD_FAMILY = 0;
    static final int CHAR_FAMILY = 1;

    private final FeatureConfig config;
    private final int mask;
    private final TermCounts counts = new TermCounts();
    private int[] tokenStarts = new int[32];
    private int[] tokenEnds = new int[32];
    private int[] tokenHashes = new int[32];

    NgramHasher(FeatureConfig config) {
        this.config = config;
        this.mask = (1 << config.hashBits()) - 1;
    }

    /** Counts the n-grams of {@code normalized}; the result is valid until the next call. */
    TermCounts count(String normalized) {
        counts.clear();
        int tokens = tokenize(normalized);
        int wordBase = WORD_FAMILY << config.hashBits();
        int charBase = CHAR_FAMILY << config.hashBits();
        for (int t = 0; t < tokens; t++) {
            int hash = 0x811C9DC5;
            for (int i = tokenStarts[t]; i < tokenEnds[t]; i++) {
                hash = (hash ^ normalized.charAt(i)) * 0x01000193;
            }
            tokenHashes[t] = hash;
            counts.add(wordBase | (mix(hash, 1) & mask));
            int previous = hash;
            for (int n = 2; n <= config.wordMaxN() && t - n + 1 >= 0; n++) {
                previous = previous * 0x9E3779B1 + tokenHashes[t - n + 1];
                counts.add(wordBase | (mix(previous, n) & mask));
            }
            countChars(normalized, tokenStarts[t], tokenEnds[t], charBase);
        }
        return counts;
    }

    /** Character n-grams of " token ", the padding standing for word boundaries. */
    private void countChars(String text, int start, int end, int charBase) {
        int padded = end - start + 2;
        for (int from = 0; from < padded; from++) {
            int hash = 0x811C9DC5;
            for (int length = 1; length <= config.charMaxN() && from + length <= padded; length++) {
                int position = from + length - 1;
                char c = position == 0 || position == padded - 1 ? ' ' : text.charAt(start + position - 1);
                hash = (hash ^ c) * 0x01000193;
                if (length >= config.charMinN()) {
                    counts.add(charBase | (mix(hash, 16 + length) & mask));
                }
            }
        }
    }

    private int tokenize(String text) {
        int tokens = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !TextNormalizer.isTokenChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && TextNormalizer.isTokenChar(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (tokens == tokenStarts.length) {
                    grow();
                }
                tokenStarts[tokens] = start;
                tokenEnds[tokens] = i;
                tokens++;
            }
        }
        return tokens;
    }

    private void grow() {
        tokenStarts = java.util.Arrays.copyOf(tokenStarts, tokenStarts.length * 2);
        tokenEnds = java.util.Arrays.copyOf(tokenEnds, tokenEnds.length * 2);
        tokenHashes = java.util.Arrays.copyOf(tokenHashes, tokenHashes.length * 2);
    }

    /** Murmur3's finaliser, seeded per n-gram kind so that a word and a bigram do not share buckets by design. */
    private static int mix(int hash, int seed) {
        int h = hash ^ (seed * 0x85EBCA6B);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
