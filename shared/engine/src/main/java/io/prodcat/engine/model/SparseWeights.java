package io.prodcat.engine.model;

import io.prodcat.engine.features.SparseVector;
import java.nio.ShortBuffer;

/**
 * A linear model's weights as an inverted index: for each feature column, the classes with a non-zero weight
 * and those weights. Scoring touches only the non-zeros of the input's columns, and the size follows the
 * non-zeros rather than columns × classes (an SVM's weights are mostly exact zeros: a column gets weight only
 * from its support vectors).
 *
 * <p>{@link #compactClass} also drops the weights whose effect on a score stays below a threshold (chosen per class
 * by the trainer) and rounds the rest to 16 bits per class (what the model file stores), so a trained model is exactly the model that is stored
 * and served. Measured on both dev splits and generated catalogues: docs/ENGINE.md "Model file".
 */
public final class SparseWeights {

    /** The largest quantised magnitude: 16-bit signed. */
    static final int LEVELS = Short.MAX_VALUE;
    /** Class indices are stored as 16-bit unsigned numbers. */
    public static final int MAX_CLASSES = Character.MAX_VALUE + 1;

    private final int classes;
    private final int[] columnStart; // columns + 1 entries: column j's non-zeros are [columnStart[j], columnStart[j+1])
    private final char[] classIndex;
    private final float[] weights;

    SparseWeights(int classes, int[] columnStart, char[] classIndex, float[] weights) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be 1.." + MAX_CLASSES + ", got " + classes);
        }
        if (columnStart.length == 0
                || columnStart[0] != 0
                || columnStart[columnStart.length - 1] != classIndex.length
                || classIndex.length != weights.length) {
            throw new IllegalArgumentException("column starts do not index the " + weights.length + " non-zeros");
        }
        for (int column = 1; column < columnStart.length; column++) {
            if (columnStart[column] < columnStart[column - 1]) {
                throw new IllegalArgumentException("column starts decrease at column " + column);
            }
        }
        for (char c : classIndex) {
            if (c >= classes) {
                throw new IllegalArgumentException("class index " + (int) c + " is not below " + classes);
            }
        }
        this.classes = classes;
        this.columnStart = columnStart;
        this.classIndex = classIndex;
        this.weights = weights;
    }

    /**
     * One class's non-zero weights by ascending column.
     *
     * @param columns the feature column of each weight
     * @param weights the weights
     */
    public record ClassWeights(int[] columns, float[] weights) {

        public ClassWeights {
            if (columns.length != weights.length) {
                throw new IllegalArgumentException(columns.length + " columns for " + weights.length + " weights");
            }
        }
    }

    /**
     * One class's dense weights ({@code dense[column]}, one per column of {@code columnMaxima}) in compact form:
     * the weights whose largest effect on a training row's score, |weight| × {@code columnMaxima[column]}, is below
     * {@code pruneBelow} dropped, the rest rounded to the class's 16-bit grid.
     *
     * @param columnMaxima per column, the largest value it takes in the training rows
     */
    public static ClassWeights compactClass(float[] dense, float[] columnMaxima, float pruneBelow) {
        int columns = columnMaxima.length;
        float largest = 0;
        for (int column = 0; column < columns; column++) {
            largest = Math.max(largest, Math.abs(dense[column]));
        }
        float step = step(largest);
        return classWeights(
                dense,
                columns,
                (column, weight) ->
                        Math.abs(weight) * columnMaxima[column] >= pruneBelow && Math.round(weight / step) != 0
                                ? Math.round(weight / step) * step
                                : 0);
    }

    /**
     * One class's dense weights with only exact zeros dropped, no loss: what {@link #compactClass} is measured
     * against. Such weights are not what the model file stores (it stores them compacted).
     */
    public static ClassWeights losslessClass(float[] dense, int columns) {
        return classWeights(dense, columns, (column, weight) -> weight);
    }

    private static ClassWeights classWeights(float[] dense, int columns, WeightKept kept) {
        int nonZeros = 0;
        for (int column = 0; column < columns; column++) {
            if (kept.apply(column, dense[column]) != 0) {
                nonZeros++;
            }
        }
        int[] columnOf = new int[nonZeros];
        float[] weights = new float[nonZeros];
        int next = 0;
        for (int column = 0; column < columns; column++) {
            float weight = kept.apply(column, dense[column]);
            if (weight != 0) {
                columnOf[next] = column;
                weights[next++] = weight;
            }
        }
        return new ClassWeights(columnOf, weights);
    }

    @FunctionalInterface
    private interface WeightKept {
        /** The weight kept for this column (0: dropped). */
        float apply(int column, float weight);
    }

    /** The inverted index of per-class weights (class c's weights are {@code perClass[c]}). */
    public static SparseWeights of(ClassWeights[] perClass, int columns) {
        int[] columnStart = new int[columns + 1];
        for (ClassWeights weights : perClass) {
            for (int column : weights.columns()) {
                if (column < 0 || column >= columns) {
                    throw new IllegalArgumentException("column " + column + " is not in 0.." + (columns - 1));
                }
                columnStart[column + 1]++;
            }
        }
        for (int column = 0; column < columns; column++) {
            columnStart[column + 1] += columnStart[column];
        }
        int[] next = java.util.Arrays.copyOf(columnStart, columns);
        char[] classIndex = new char[columnStart[columns]];
        float[] weights = new float[columnStart[columns]];
        for (int c = 0; c < perClass.length; c++) { // ascending classes: each column's entries end up in class order
            for (int e = 0; e < perClass[c].columns().length; e++) {
                int slot = next[perClass[c].columns()[e]]++;
                classIndex[slot] = (char) c;
                weights[slot] = perClass[c].weights()[e];
            }
        }
        return new SparseWeights(perClass.length, columnStart, classIndex, weights);
    }

    /** Dense column-major weights ({@code dense[column * classes + c]}, model file format 1), exact zeros dropped. */
    static SparseWeights lossless(float[] dense, int columns, int classes) {
        if (dense.length != (long) columns * classes) {
            throw new IllegalArgumentException(
                    dense.length + " weights are not " + columns + " columns × " + classes + " classes");
        }
        ClassWeights[] perClass = new ClassWeights[classes];
        float[] ofClass = new float[columns];
        for (int c = 0; c < classes; c++) {
            for (int column = 0; column < columns; column++) {
                ofClass[column] = dense[column * classes + c];
            }
            perClass[c] = losslessClass(ofClass, columns);
        }
        return of(perClass, columns);
    }

    /** The step of a class's 16-bit grid: its largest weight's magnitude / {@link #LEVELS} (1 if all zero). */
    private static float step(float largestMagnitude) {
        return largestMagnitude == 0 ? 1 : largestMagnitude / LEVELS;
    }

    /**
     * Weights stored on their classes' 16-bit grids ({@link #grid}, {@link #onGrid}), as the model file keeps them.
     *
     * @throws IllegalArgumentException when the column starts or class numbers do not fit
     */
    static SparseWeights fromGrid(
            int classes, int[] columnStart, char[] classIndex, ShortBuffer quantised, float[] step) {
        if (step.length != classes || quantised.remaining() != classIndex.length) {
            throw new IllegalArgumentException(step.length + " grid steps for " + classes + " classes, "
                    + quantised.remaining() + " weights for " + classIndex.length + " class numbers");
        }
        SparseWeights checked = new SparseWeights(classes, columnStart, classIndex, new float[classIndex.length]);
        for (int e = 0; e < classIndex.length; e++) {
            checked.weights[e] = quantised.get(e) * step[classIndex[e]];
        }
        return checked;
    }

    /** Per class, the step of its 16-bit grid, from its largest weight. */
    float[] grid() {
        float[] largest = new float[classes];
        for (int e = 0; e < weights.length; e++) {
            largest[classIndex[e]] = Math.max(largest[classIndex[e]], Math.abs(weights[e]));
        }
        float[] step = new float[classes];
        for (int c = 0; c < classes; c++) {
            step[c] = step(largest[c]);
        }
        return step;
    }

    /** Each weight in steps of its class's {@link #grid}. */
    short[] onGrid(float[] step) {
        short[] quantised = new short[weights.length];
        for (int e = 0; e < weights.length; e++) {
            quantised[e] = (short) Math.round(weights[e] / step[classIndex[e]]);
        }
        return quantised;
    }

    /** Adds Σ value · weight over the vector's columns to {@code scores} (one per class). */
    void addTo(SparseVector vector, float[] scores) {
        int[] columns = vector.columns();
        float[] values = vector.values();
        for (int i = 0; i < columns.length; i++) {
            float value = values[i];
            for (int e = columnStart[columns[i]], end = columnStart[columns[i] + 1]; e < end; e++) {
                scores[classIndex[e]] += value * weights[e];
            }
        }
    }

    public int classes() {
        return classes;
    }

    public int columns() {
        return columnStart.length - 1;
    }

    public int nonZeros() {
        return weights.length;
    }

    /** The arrays the model file stores, as copies. */
    int[] columnStartCopy() {
        return columnStart.clone();
    }

    char[] classIndexCopy() {
        return classIndex.clone();
    }
}
