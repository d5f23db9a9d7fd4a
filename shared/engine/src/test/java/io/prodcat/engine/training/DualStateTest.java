package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DualStateTest {

    private static final List<LabelledText> ROWS = List.of(
            new LabelledText("oat milk", "dairy"),
            new LabelledText("dog food", "pets"),
            new LabelledText("cola", "beverages"),
            new LabelledText("cheddar", "dairy"));
    private static final List<String> LABELS = List.of("beverages", "dairy", "pets");

    /** Class "dairy" has support vectors on rows 0, 1 and 3; "pets" on row 1; "beverages" none. */
    private static DualState state() {
        DualSolution[] solutions = {
            DualSolution.ZERO,
            new DualSolution(new int[] {0, 1, 3}, new float[] {0.5f, 0.25f, 2f}),
            new DualSolution(new int[] {1}, new float[] {1.5f})
        };
        return DualState.of(ROWS, LABELS, solutions, new double[] {0.1, -0.2, 0.3});
    }

    @Test
    void dualsFollowTheirRowsByTextAndLabelIntoAnotherDataset() {
        List<LabelledText> next = List.of(
                new LabelledText("cheddar", "dairy"), // row 3 before
                new LabelledText("dog food", "treats"), // row 1 before, relabelled
                new LabelledText("oat milk", "dairy"), // row 0 before
                new LabelledText("kibble", "pets")); // new

        DualSolution[] start = state().startFor(next, List.of("dairy", "pets", "treats"));

        assertThat(start[0].rows()).containsExactly(2, 0);
        assertThat(start[0].alpha()).containsExactly(0.5f, 2f);
        assertThat(start[1].rows()).isEmpty(); // pets' one support vector is a row whose label changed
        assertThat(start[2].rows()).isEmpty(); // a class the state never had starts from zero
        assertThat(state().offsetsFor(List.of("treats", "pets", "dairy"))).containsExactly(0, 0.3, -0.2);
        // two of the four rows moved: one to another label, one is in a class the state lacks ("kibble" is new but
        // in a class it has, "cheddar" and "oat milk" are as they were)
        assertThat(state().shift(next)).isEqualTo(0.25);
        assertThat(state().shift(List.of(new LabelledText("kibble", "treats")))).isEqualTo(1.0);
        assertThat(state().shift(ROWS)).isZero();
    }

    @Test
    void rowsThatRepeatKeepTheirDualsSumOnOneRow() {
        List<LabelledText> rows = List.of(
                new LabelledText("oat milk", "dairy"),
                new LabelledText("cola", "beverages"),
                new LabelledText("oat milk", "dairy"));
        DualState state = DualState.of(
                rows,
                List.of("beverages", "dairy"),
                new DualSolution[] {
                    new DualSolution(new int[] {0, 2}, new float[] {0.25f, 0.5f}),
                    new DualSolution(new int[] {2, 0, 1}, new float[] {1f, 2f, 0.125f})
                },
                new double[2]);

        // a row's part of the weights is its dual times the row: the copies' parts add up on the first copy
        DualSolution[] start = state.startFor(rows, List.of("beverages", "dairy"));

        assertThat(start[0].rows()).containsExactly(0);
        assertThat(start[0].alpha()).containsExactly(0.75f);
        assertThat(start[1].rows()).containsExactlyInAnyOrder(0, 1);
        assertThat(start[1].alpha()[
                        java.util.Arrays.stream(start[1].rows())
                                .boxed()
                                .toList()
                                .indexOf(0)])
                .isEqualTo(3f);
        assertThat(state.supportVectors()).isEqualTo(3);
    }

    @Test
    void aWrittenStateReadsBackTheSame() throws IOException {
        DualState read = DualState.read(new ByteArrayInputStream(bytes(state())));

        assertThat(read.labels()).isEqualTo(LABELS);
        assertThat(read.rowCount()).isEqualTo(4);
        assertThat(read.supportVectors()).isEqualTo(4);
        DualSolution[] expected = state().startFor(ROWS, LABELS);
        DualSolution[] actual = read.startFor(ROWS, LABELS);
        for (int c = 0; c < LABELS.size(); c++) {
            assertThat(actual[c].rows()).isEqualTo(expected[c].rows());
            assertThat(actual[c].alpha()).isEqualTo(expected[c].alpha());
        }
        assertThat(read.offsetsFor(LABELS)).containsExactly(0.1, -0.2, 0.3);
    }

    @Test
    void bytesThatAreNotAStateAreRefusedByName() throws IOException {
        byte[] good = bytes(state());
        int keys = 8 + 4; // magic, row count
        int firstClass = keys + 4 * 8 + 4 + 4 * 8 + 4; // the four row keys, the text keys and their count, the classes

        assertRefused(Arrays.copyOf(good, good.length - 3), "truncated");
        assertRefused(with(good, 0, (byte) 'X'), "wrong magic");
        assertRefused(Arrays.copyOf(good, good.length + 1), "bytes after the last class");
        assertRefused(withInt(good, 8, -1), "corrupt dual state: -1 rows");
        assertRefused(withLong(good, keys + 8, Long.MIN_VALUE), "keys of rows out of order");
        // beverages: label length, label, offset, support vector count
        assertRefused(withDouble(good, firstClass + 4 + 9, 7.0), "class offset 7.0");
        int dairySupport = firstClass + 4 + 9 + 8 + 4 + 4 + 5 + 8 + 4;
        assertRefused(withInt(good, dairySupport, 99), "support vector out of range");
        assertRefused(withFloat(good, dairySupport + 4, -1f), "support vector out of range");
        assertRefused(withFloat(good, dairySupport + 4, Float.NaN), "support vector out of range");
        // dairy's second support vector on row key 0: at or before its first
        assertRefused(withInt(good, dairySupport + 8, 0), "support vectors out of order");
    }

    private static void assertRefused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> DualState.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(reason);
    }

    private static byte[] bytes(DualState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        state.write(out);
        return out.toByteArray();
    }

    private static byte[] with(byte[] bytes, int at, byte value) {
        byte[] changed = bytes.clone();
        changed[at] = value;
        return changed;
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).putInt(at, value);
        return changed;
    }

    private static byte[] withLong(byte[] bytes, int at, long value) {
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).putLong(at, value);
        return changed;
    }

    private static byte[] withDouble(byte[] bytes, int at, double value) {
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).putDouble(at, value);
        return changed;
    }

    private static byte[] withFloat(byte[] bytes, int at, float value) {
        byte[] changed = bytes.clone();
        ByteBuffer.wrap(changed).putFloat(at, value);
        return changed;
    }
}
