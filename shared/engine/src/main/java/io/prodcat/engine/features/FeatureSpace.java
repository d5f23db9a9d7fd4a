package io.prodcat.engine.features;

import java.util.Arrays;
import java.util.List;

/**
 * The fitted feature space: which hash buckets became columns and their IDF weights. Immutable and
 * thread-safe; {@link #vectorize} allocates only the returned vector and a per-thread hasher.
 */
public final class FeatureSpace {

    private final FeatureConfig config;
    private final int[] buckets; // key (family << bits | bucket) of each column
    private final float[] idf; // per column
    private final int[] columnOfKey; // key -> column, -1 when unseen
    private final ThreadLocal<NgramHasher> hashers;

    /** Rebuilds a space from its stored parts (see {@link #buckets()}, {@link #idf()}). */
    public FeatureSpace(FeatureConfig config, int[] buckets, float[] idf) {
        if (buckets.length != idf.length) {
            throw new IllegalArgumentException(
                    "buckets and idf differ in length: " + buckets.length + " vs " + idf.length);
        }
        this.config = config;
        this.buckets = buckets.clone();
        this.idf = idf.clone();
        this.columnOfKey = new int[2 << config.hashBits()];
        Arrays.fill(columnOfKey, -1);
        for (int column = 0; column < buckets.length; column++) {
            columnOfKey[buckets[column]] = column;
        }
        this.hashers = ThreadLocal.withInitial(() -> new NgramHasher(config));
    }

    /** Chooses columns and IDF weights from training texts (buckets seen in at least minDf texts). */
    public static FeatureSpace fit(List<String> texts, FeatureConfig config) {
        int[] documentFrequency = new int[2 << config.hashBits()];
        NgramHasher hasher = new NgramHasher(config);
        for (String text : texts) {
            TermCounts counts = hasher.count(TextNormalizer.normalize(text));
            for (int entry = 0; entry < counts.size(); entry++) {
                documentFrequency[counts.key(entry)]++;
            }
        }
        // columns numbered by falling document frequency: the weights of common n-grams share cache lines,
        // which is what the solver's inner loop reads most
        int[] keys = java.util.stream.IntStream.range(0, documentFrequency.length)
                .filter(key -> documentFrequency[key] >= config.minDf())
                .boxed()
                .sorted((a, b) -> documentFrequency[b] != documentFrequency[a]
                        ? Integer.compare(documentFrequency[b], documentFrequency[a])
                        : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
        int[] buckets = keys;
        float[] idf = new float[keys.length];
        for (int column = 0; column < keys.length; column++) {
            idf[column] = (float) (Math.log((1.0 + texts.size()) / (1.0 + documentFrequency[keys[column]])) + 1.0);
        }
        return new FeatureSpace(config, buckets, idf);
    }

    public SparseVector vectorize(String text) {
        TermCounts counts = hashers.get().count(TextNormalizer.normalize(text));
        int[] columns = new int[counts.size()];
        float[] values = new float[counts.size()];
        boolean[] isChar = new boolean[counts.size()];
        double wordNorm = 0;
        double charNorm = 0;
        int size = 0;
        for (int entry = 0; entry < counts.size(); entry++) {
            int key = counts.key(entry);
            int column = columnOfKey[key];
            if (column >= 0) {
                int count = counts.count(entry);
                float value = count == 1 ? idf[column] : (float) ((1.0 + Math.log(count)) * idf[column]);
                columns[size] = column;
                values[size] = value;
                // the family comes from the key, not from buckets[column]: one random memory access less per n-gram
                boolean charFamily = key >>> config.hashBits() == NgramHasher.CHAR_FAMILY;
                isChar[size++] = charFamily;
                if (charFamily) {
                    charNorm += value * value;
                } else {
                    wordNorm += value * value;
                }
            }
        }
        float wordScale = wordNorm > 0 ? (float) (1.0 / Math.sqrt(wordNorm)) : 0;
        float charScale = charNorm > 0 ? (float) (config.charWeight() / Math.sqrt(charNorm)) : 0;
        for (int i = 0; i < size; i++) {
            values[i] *= isChar[i] ? charScale : wordScale;
        }
        return size == columns.length
                ? new SparseVector(columns, values)
                : new SparseVector(Arrays.copyOf(columns, size), Arrays.copyOf(values, size));
    }

    public SparseMatrix vectorizeAll(List<String> texts) {
        return SparseMatrix.of(texts.parallelStream().map(this::vectorize).toList(), columnCount());
    }

    public int columnCount() {
        return buckets.length;
    }

    public FeatureConfig config() {
        return config;
    }

    /** Hash key of each column (what the model file stores). */
    public int[] buckets() {
        return buckets.clone();
    }

    public float[] idf() {
        return idf.clone();
    }
}
