package io.prodcat.features;

import java.util.Arrays;
import java.util.List;

/**
 * The fitted feature space: which hash buckets became columns and their IDF weights. Immutable and
 * thread-safe; {@link #vectorize} allocates only the returned vector and a per-thread hasher.
 */
public final class FeatureSpace {

    private final FeatureConfig config;
    private final int[] buckets;     // key (family << bits | bucket) of each column, ascending
    private final float[] idf;       // per column
    private final int[] columnOfKey; // key -> column, -1 when unseen
    private final ThreadLocal<NgramHasher> hashers;

    /** Rebuilds a space from its stored parts (see {@link #buckets()}, {@link #idf()}). */
    public FeatureSpace(FeatureConfig config, int[] buckets, float[] idf) {
        if (buckets.length != idf.length) {
            throw new IllegalArgumentException("buckets and idf differ in length: " + buckets.length + " vs " + idf.length);
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
        int columns = 0;
        for (int df : documentFrequency) {
            columns += df >= config.minDf() ? 1 : 0;
        }
        int[] buckets = new int[columns];
        float[] idf = new float[columns];
        int column = 0;
        for (int key = 0; key < documentFrequency.length; key++) {
            if (documentFrequency[key] >= config.minDf()) {
                buckets[column] = key;
                idf[column++] = (float) (Math.log((1.0 + texts.size()) / (1.0 + documentFrequency[key])) + 1.0);
            }
        }
        return new FeatureSpace(config, buckets, idf);
    }

    public SparseVector vectorize(String text) {
        TermCounts counts = hashers.get().count(TextNormalizer.normalize(text));
        int[] columns = new int[counts.size()];
        float[] values = new float[counts.size()];
        double[] squaredNorm = new double[2];
        int size = 0;
        for (int entry = 0; entry < counts.size(); entry++) {
            int column = columnOfKey[counts.key(entry)];
            if (column >= 0) {
                float value = (float) ((1.0 + Math.log(counts.count(entry))) * idf[column]);
                columns[size] = column;
                values[size++] = value;
                squaredNorm[familyOf(column)] += value * value;
            }
        }
        double[] scale = {
                squaredNorm[0] > 0 ? 1.0 / Math.sqrt(squaredNorm[0]) : 0,
                squaredNorm[1] > 0 ? config.charWeight() / Math.sqrt(squaredNorm[1]) : 0};
        for (int i = 0; i < size; i++) {
            values[i] *= (float) scale[familyOf(columns[i])];
        }
        return size == columns.length ? new SparseVector(columns, values)
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

    /** Hash key of each column, ascending (what the model file stores). */
    public int[] buckets() {
        return buckets.clone();
    }

    public float[] idf() {
        return idf.clone();
    }

    private int familyOf(int column) {
        return buckets[column] >>> config.hashBits();
    }
}
