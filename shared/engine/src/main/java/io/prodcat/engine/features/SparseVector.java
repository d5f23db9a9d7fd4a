package io.prodcat.engine.features;

/**
 * A text's feature vector: parallel arrays of column indices and values (no order implied).
 *
 * @param columns column indices, distinct, in [0, FeatureSpace.columnCount())
 * @param values  the weights of those columns
 */
public record SparseVector(int[] columns, float[] values) {

    public int size() {
        return columns.length;
    }
}
