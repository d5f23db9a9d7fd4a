package io.prodcat.engine.training;

/**
 * One binary problem's solution as its non-zero dual variables: the rows that are support vectors and their
 * weights. The weights follow from them (w = Σ α_i y_i x_i), so this is all a checkpoint keeps of a class:
 * memory in support vectors rather than in feature columns. Immutable.
 *
 * @param rows  matrix rows with α &gt; 0
 * @param alpha their dual variables
 */
record DualSolution(int[] rows, float[] alpha) {

    static final DualSolution ZERO = new DualSolution(new int[0], new float[0]);

    DualSolution {
        if (rows.length != alpha.length) {
            throw new IllegalArgumentException(rows.length + " rows for " + alpha.length + " dual variables");
        }
    }

    int supportVectors() {
        return rows.length;
    }
}
