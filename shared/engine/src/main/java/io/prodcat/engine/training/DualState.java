package io.prodcat.engine.training;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.ModelFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's final dual variables, kept beside it so that a training after it (warm start) starts its solves from
 * them. Duals belong to rows, not to feature columns: each is keyed by its row's text and label ({@link #rowKey}), so
 * they carry over to a dataset with other rows, columns and IDF. A row whose label changed starts from zero.
 *
 * <p>File: magic {@code PCDUALS1}, the row keys (ascending, distinct), the keys of their texts alone (ascending,
 * distinct: to tell a relabelled row from a new one), then per class its label, its class offset and its support
 * vectors as (row key index, dual) pairs, by ascending index.
 */
public final class DualState {

    /** What a model file's duals file adds to its name: {@code model.prodcat} keeps them in {@code model.prodcat.duals}. */
    public static final String FILE_SUFFIX = ".duals";

    private static final byte[] MAGIC = "PCDUALS1".getBytes(StandardCharsets.US_ASCII);
    /** The most rows or support vectors per class a file may declare (a corrupt count must not allocate). */
    private static final int MAX_ENTRIES = 1 << 28;

    private final long[] keys; // ascending, distinct
    private final long[] textKeys; // ascending, distinct: the texts of the rows, whatever their label
    private final List<String> labels;
    private final int[][] keyIndex; // per class, its support vectors' keys
    private final float[][] alpha;
    private final double[] offsets; // per class, the score offset tuned on validation

    private DualState(
            long[] keys, long[] textKeys, List<String> labels, int[][] keyIndex, float[][] alpha, double[] offsets) {
        this.keys = keys;
        this.textKeys = textKeys;
        this.labels = List.copyOf(labels);
        this.keyIndex = keyIndex;
        this.alpha = alpha;
        this.offsets = offsets;
    }

    /**
     * The state of {@code solutions} (matrix rows are indices into {@code rows}) for these classes, with the class
     * offsets the model's biases include.
     */
    static DualState of(List<LabelledText> rows, List<String> labels, DualSolution[] solutions, double[] offsets) {
        long[] rowKeys = rowKeys(rows);
        long[] keys = Arrays.stream(rowKeys).sorted().distinct().toArray();
        long[] textKeys = rows.stream()
                .mapToLong(row -> textKey(row.text()))
                .sorted()
                .distinct()
                .toArray();
        int[][] keyIndex = new int[labels.size()][];
        float[][] alpha = new float[labels.size()][];
        for (int c = 0; c < labels.size(); c++) {
            // rows that repeat (the same text and label) share a key: their duals add up, as their parts of the weights
            // do, so that a start puts each key's dual on one row and the weights stay the duals' sum
            java.util.TreeMap<Integer, Float> byKey = new java.util.TreeMap<>();
            DualSolution solution = solutions[c];
            for (int s = 0; s < solution.supportVectors(); s++) {
                byKey.merge(Arrays.binarySearch(keys, rowKeys[solution.rows()[s]]), solution.alpha()[s], Float::sum);
            }
            keyIndex[c] = byKey.keySet().stream().mapToInt(Integer::intValue).toArray();
            alpha[c] = new float[keyIndex[c].length];
            int s = 0;
            for (float value : byKey.values()) {
                alpha[c][s++] = value;
            }
        }
        return new DualState(keys, textKeys, labels, keyIndex, alpha, offsets.clone());
    }

    /**
     * The share of {@code rows} that moved since this state: in a class it does not have, or with a text it had under
     * another label.
     */
    double shift(List<LabelledText> rows) {
        Map<String, Integer> own = classIndex();
        long moved = 0;
        for (LabelledText row : rows) {
            boolean relabelled = Arrays.binarySearch(keys, rowKey(row)) < 0
                    && Arrays.binarySearch(textKeys, textKey(row.text())) >= 0;
            if (relabelled || !own.containsKey(row.label())) {
                moved++;
            }
        }
        return rows.isEmpty() ? 0 : (double) moved / rows.size();
    }

    /** Each of {@code labels}' class offset: its own where this state has the class, else 0. */
    double[] offsetsFor(List<String> labels) {
        Map<String, Integer> own = classIndex();
        double[] result = new double[labels.size()];
        for (int c = 0; c < result.length; c++) {
            Integer index = own.get(labels.get(c));
            result[c] = index == null ? 0 : offsets[index];
        }
        return result;
    }

    /**
     * Each of {@code labels}' starting duals over {@code rows} (matrix rows in that order): a class this state has
     * starts from its duals on the rows it shares (by text and label; of rows that repeat, the first takes their dual),
     * any other class from zero.
     */
    DualSolution[] startFor(List<LabelledText> rows, List<String> labels) {
        long[] rowKeys = rowKeys(rows);
        int[] rowOfKey = new int[keys.length];
        Arrays.fill(rowOfKey, -1);
        for (int row = 0; row < rowKeys.length; row++) {
            int k = Arrays.binarySearch(keys, rowKeys[row]);
            if (k >= 0 && rowOfKey[k] < 0) {
                rowOfKey[k] = row;
            }
        }
        Map<String, Integer> ownClass = classIndex();
        DualSolution[] start = new DualSolution[labels.size()];
        for (int c = 0; c < start.length; c++) {
            Integer own = ownClass.get(labels.get(c));
            start[c] = own == null ? DualSolution.ZERO : carried(own, rowOfKey);
        }
        return start;
    }

    private Map<String, Integer> classIndex() {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            index.put(labels.get(c), c);
        }
        return index;
    }

    private DualSolution carried(int own, int[] rowOfKey) {
        int[] support = new int[keyIndex[own].length];
        float[] values = new float[support.length];
        int kept = 0;
        for (int s = 0; s < support.length; s++) {
            int row = rowOfKey[keyIndex[own][s]];
            if (row >= 0) {
                support[kept] = row;
                values[kept++] = alpha[own][s];
            }
        }
        return new DualSolution(Arrays.copyOf(support, kept), Arrays.copyOf(values, kept));
    }

    public List<String> labels() {
        return labels;
    }

    /** Rows the state knows (distinct text and label). */
    public int rowCount() {
        return keys.length;
    }

    public long supportVectors() {
        long total = 0;
        for (int[] support : keyIndex) {
            total += support.length;
        }
        return total;
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        data.write(MAGIC);
        data.writeInt(keys.length);
        for (long key : keys) {
            data.writeLong(key);
        }
        data.writeInt(textKeys.length);
        for (long key : textKeys) {
            data.writeLong(key);
        }
        data.writeInt(labels.size());
        for (int c = 0; c < labels.size(); c++) {
            byte[] label = labels.get(c).getBytes(StandardCharsets.UTF_8);
            data.writeInt(label.length);
            data.write(label);
            data.writeDouble(offsets[c]);
            data.writeInt(keyIndex[c].length);
            for (int s = 0; s < keyIndex[c].length; s++) {
                data.writeInt(keyIndex[c][s]);
                data.writeFloat(alpha[c][s]);
            }
        }
        data.flush();
    }

    /** @throws ModelFormatException when the bytes are not a dual state (wrong magic, corrupt or truncated) */
    public static DualState read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException("not a dual state file (wrong magic)");
            }
            long[] keys = ascending(data, "rows");
            long[] textKeys = ascending(data, "texts");
            int classes = count(data.readInt(), "classes");
            List<String> labels = new ArrayList<>();
            int[][] keyIndex = new int[classes][];
            float[][] alpha = new float[classes][];
            double[] offsets = new double[classes];
            for (int c = 0; c < classes; c++) {
                byte[] label = new byte[count(data.readInt(), "label bytes")];
                data.readFully(label);
                labels.add(new String(label, StandardCharsets.UTF_8));
                offsets[c] = data.readDouble();
                if (!(Math.abs(offsets[c]) <= ClassOffsets.MAX_OFFSET)) {
                    throw new ModelFormatException("corrupt dual state: class offset " + offsets[c]);
                }
                int support = count(data.readInt(), "support vectors");
                keyIndex[c] = new int[support];
                alpha[c] = new float[support];
                for (int s = 0; s < support; s++) {
                    keyIndex[c][s] = data.readInt();
                    alpha[c][s] = data.readFloat();
                    if (keyIndex[c][s] < 0
                            || keyIndex[c][s] >= keys.length
                            || !(alpha[c][s] >= 0)
                            || Float.isInfinite(alpha[c][s])) {
                        throw new ModelFormatException("corrupt dual state: support vector out of range");
                    }
                    if (s > 0
                            && keyIndex[c][s] <= keyIndex[c][s - 1]) { // one dual per row, else weights and duals part
                        throw new ModelFormatException("corrupt dual state: a class's support vectors out of order");
                    }
                }
            }
            if (data.read() != -1) {
                throw new ModelFormatException("corrupt dual state: bytes after the last class");
            }
            return new DualState(keys, textKeys, labels, keyIndex, alpha, offsets);
        } catch (EOFException e) {
            throw new ModelFormatException("truncated dual state file", e);
        }
    }

    private static long[] ascending(DataInputStream data, String what) throws IOException {
        long[] keys = new long[count(data.readInt(), what)];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = data.readLong();
            if (k > 0 && keys[k] <= keys[k - 1]) {
                throw new ModelFormatException("corrupt dual state: keys of " + what + " out of order");
            }
        }
        return keys;
    }

    private static int count(int value, String what) {
        if (value < 0 || value > MAX_ENTRIES) {
            throw new ModelFormatException("corrupt dual state: " + value + " " + what);
        }
        return value;
    }

    private static long[] rowKeys(List<LabelledText> rows) {
        long[] keys = new long[rows.size()];
        for (int row = 0; row < keys.length; row++) {
            keys[row] = rowKey(rows.get(row));
        }
        return keys;
    }

    /** A 64-bit hash of a row's text and label (FNV-1a over both, then a SplitMix64 finaliser). */
    static long rowKey(LabelledText row) {
        long hash = fnv(0xcbf29ce484222325L, row.text());
        hash = (hash ^ 0x1F) * 0x100000001b3L; // a unit separator: ("ab", "c") and ("a", "bc") differ
        return mixed(fnv(hash, row.label()));
    }

    /** A 64-bit hash of a text alone. */
    static long textKey(String text) {
        return mixed(fnv(0x84222325cbf29ce4L, text));
    }

    private static long mixed(long hash) {
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
