package io.prodcat.engine.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparseMatrixTest {

    @Test
    void selectKeepsTheChosenRowsInTheirOrderWithTheirEntries() {
        // rows: [0: 1 at 0, 2 at 2], [1: 3 at 1], [2: 4 at 0, 5 at 3]
        SparseMatrix matrix = SparseMatrix.of(
                List.of(
                        new SparseVector(new int[] {0, 2}, new float[] {1, 2}),
                        new SparseVector(new int[] {1}, new float[] {3}),
                        new SparseVector(new int[] {0, 3}, new float[] {4, 5})),
                4);

        SparseMatrix selected = matrix.select(new int[] {2, 0});

        assertThat(selected.rowCount()).isEqualTo(2);
        assertThat(selected.columnCount()).isEqualTo(4);
        assertThat(selected.rowStart()).containsExactly(0, 2, 4);
        assertThat(selected.columns()).containsExactly(0, 3, 0, 2);
        assertThat(selected.values()).containsExactly(4, 5, 1, 2);
        assertThat(matrix.columnMaxima()).containsExactly(4, 3, 2, 5);
    }
}
