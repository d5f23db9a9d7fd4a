package io.prodcat.engine.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparseMatrixTest {

    @Test
    void transposedHoldsEachColumnsEntriesByRow() {
        // rows: [0: 1 at 0, 2 at 2], [1: 3 at 1], [2: 4 at 0, 5 at 3]
        SparseMatrix matrix = SparseMatrix.of(
                List.of(
                        new SparseVector(new int[] {0, 2}, new float[] {1, 2}),
                        new SparseVector(new int[] {1}, new float[] {3}),
                        new SparseVector(new int[] {0, 3}, new float[] {4, 5})),
                4);

        SparseMatrix byColumn = matrix.transposed();

        assertThat(byColumn.rowCount()).isEqualTo(4);
        assertThat(byColumn.columnCount()).isEqualTo(3);
        assertThat(byColumn.rowStart()).containsExactly(0, 2, 3, 4, 5);
        assertThat(byColumn.columns()).containsExactly(0, 2, 1, 0, 2);
        assertThat(byColumn.values()).containsExactly(1, 4, 3, 2, 5);
        SparseMatrix back = byColumn.transposed();
        assertThat(back.rowStart()).isEqualTo(matrix.rowStart());
        assertThat(back.columns()).isEqualTo(matrix.columns());
        assertThat(back.values()).isEqualTo(matrix.values());
    }
}
