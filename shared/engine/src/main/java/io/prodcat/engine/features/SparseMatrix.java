package io.prodcat.engine.features;

import java.util.List;

/**
 * Rows of sparse vectors in compressed sparse row form, the layout the solver iterates over.
 *
 * @param rowStart   row r occupies entries [rowStart[r], rowStart[r + 1])
 * @param columns    column index of each entry
 * @param values     value of each entry
 * @param columnCount number of columns
 */
public record SparseMatrix(int[] rowStart, int[] columns, float[] values, int columnCount) {

    public static SparseMatrix of(List<SparseVector> rows, int columnCount) {
        int[] rowStart = new int[rows.size() + 1];
        for (int r = 0; r < rows.size(); r++) {
            rowStart[r + 1] = rowStart[r] + rows.get(r).size();
        }
        int[] columns = new int[rowStart[rows.size()]];
        float[] values = new float[columns.length];
        for (int r = 0; r < rows.size(); r++) {
            SparseVector row = rows.get(r);
            System.arraycopy(row.columns(), 0, columns, rowStart[r], row.size());
            System.arraycopy(row.values(), 0, values, rowStart[r], row.size());
        }
        return new SparseMatrix(rowStart, columns, values, columnCount);
    }

    /** Per column, the largest magnitude it takes in any row (0 for a column no row uses). */
    public float[] columnMaxima() {
        float[] maxima = new float[columnCount];
        for (int e = 0; e < columns.length; e++) {
            maxima[columns[e]] = Math.max(maxima[columns[e]], Math.abs(values[e]));
        }
        return maxima;
    }

    /** These rows, in this order, as a matrix of their own (same columns). */
    public SparseMatrix select(int[] rows) {
        int[] start = new int[rows.length + 1];
        for (int r = 0; r < rows.length; r++) {
            start[r + 1] = start[r] + rowStart[rows[r] + 1] - rowStart[rows[r]];
        }
        int[] selectedColumns = new int[start[rows.length]];
        float[] selectedValues = new float[selectedColumns.length];
        for (int r = 0; r < rows.length; r++) {
            int length = start[r + 1] - start[r];
            System.arraycopy(columns, rowStart[rows[r]], selectedColumns, start[r], length);
            System.arraycopy(values, rowStart[rows[r]], selectedValues, start[r], length);
        }
        return new SparseMatrix(start, selectedColumns, selectedValues, columnCount);
    }

    public int rowCount() {
        return rowStart.length - 1;
    }

    public SparseVector row(int r) {
        int from = rowStart[r];
        int to = rowStart[r + 1];
        return new SparseVector(
                java.util.Arrays.copyOfRange(columns, from, to), java.util.Arrays.copyOfRange(values, from, to));
    }
}
