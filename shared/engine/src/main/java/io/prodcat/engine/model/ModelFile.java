package io.prodcat.engine.model;

import io.prodcat.engine.features.FeatureConfig;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.taxonomy.TaxonomyException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model file: self-describing, versioned, and loaded with bulk array reads (milliseconds for the
 * dev-split model). Layout of format {@value #FORMAT_VERSION}, big-endian:
 * <pre>
 *   8 bytes  magic "PRODCATM"
 *   int      format version ({@value #FORMAT_VERSION})
 *   int, …   length and UTF-8 JSON header: labels, path separator (null: flat), feature configuration,
 *            temperature, provenance, sizes (columns, nonZeros)
 *   int[]    hash key of each column                      (columns)
 *   float[]  IDF of each column                           (columns)
 *   float[]  bias of each class                           (classes)
 *   float[]  step of each class's 16-bit weight grid      (classes)
 *   int[]    where each column's non-zeros start          (columns + 1)
 *   char[]   class of each non-zero weight                (nonZeros)
 *   short[]  each non-zero weight, in steps of its class  (nonZeros)
 *   then, when the header names node weights ({@link NodeWeights}: nodes, nodeShare, nodeNonZeros), the same five
 *   arrays for the top-level nodes: bias, steps (nodes), column starts (columns + 1), node of each non-zero and
 *   the non-zeros (nodeNonZeros)
 *   long     CRC-32 of everything before it
 * </pre>
 * Format 2 (no node weights) and format 1 (dense float weights, column-major, after the biases; no separator, no
 * steps) are still read.
 */
public final class ModelFile {

    public static final int FORMAT_VERSION = 3;
    /** Compact weights without node weights: still read. */
    static final int LEAF_ONLY_FORMAT_VERSION = 2;
    /** The dense format before compact weights: still read, never written. */
    static final int DENSE_FORMAT_VERSION = 1;
    /** The largest model file {@link #read(InputStream)} takes: 512 MiB (a 5,000-class model is far smaller). */
    public static final int DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

    private static final byte[] MAGIC = "PRODCATM".getBytes(StandardCharsets.US_ASCII);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelFile() {}

    /** What the JSON header holds. */
    record Header(
            int formatVersion,
            List<String> labels,
            FeatureConfig features,
            double temperature,
            int columns,
            Provenance provenance,
            String pathSeparator,
            Integer nonZeros,
            Integer nodes,
            Float nodeShare,
            Integer nodeNonZeros) {}

    public static void write(LinearClassifier model, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + file, e);
        }
    }

    public static void write(LinearClassifier model, OutputStream out) throws IOException {
        FeatureSpace space = model.features();
        SparseWeights weights = model.weights();
        NodeWeights nodeWeights = model.nodeWeights().orElse(null);
        Header header = new Header(
                FORMAT_VERSION,
                model.labels(),
                space.config(),
                model.temperature(),
                space.columnCount(),
                model.provenance(),
                model.pathSeparator().orElse(null),
                weights.nonZeros(),
                nodeWeights == null ? null : nodeWeights.weights().classes(),
                nodeWeights == null ? null : nodeWeights.share(),
                nodeWeights == null ? null : nodeWeights.weights().nonZeros());
        byte[] json = JSON.writeValueAsBytes(header);
        int classes = model.labels().size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                64 + json.length + 4 * (3 * space.columnCount() + 2 * classes + weights.nonZeros()));
        DataOutputStream data = new DataOutputStream(bytes);
        data.write(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeInt(json.length);
        data.write(json);
        writeInts(data, space.buckets());
        writeFloats(data, space.idf());
        writeFloats(data, model.biasCopy());
        writeSparse(data, weights);
        if (nodeWeights != null) {
            writeFloats(data, nodeWeights.bias());
            writeSparse(data, nodeWeights.weights());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        data.writeLong(crc.getValue());
        bytes.writeTo(out);
    }

    private static void writeSparse(DataOutputStream data, SparseWeights weights) throws IOException {
        float[] grid = weights.grid();
        writeFloats(data, grid);
        writeInts(data, weights.columnStartCopy());
        ByteBuffer classBytes = ByteBuffer.allocate(weights.nonZeros() * Character.BYTES);
        classBytes.asCharBuffer().put(weights.classIndexCopy());
        data.write(classBytes.array());
        ByteBuffer weightBytes = ByteBuffer.allocate(weights.nonZeros() * Short.BYTES);
        weightBytes.asShortBuffer().put(weights.onGrid(grid));
        data.write(weightBytes.array());
    }

    public static LinearClassifier read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model from " + file, e);
        }
    }

    /** @throws ModelFormatException when the bytes are not a readable model or exceed {@link #DEFAULT_MAX_BYTES} */
    public static LinearClassifier read(InputStream in) throws IOException {
        return read(in, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads a model, trusting nothing in it: at most {@code maxBytes} are read, the checksum must match, and every size
     * the header declares must add up to exactly the bytes that follow it.
     *
     * @throws ModelFormatException when the bytes are not a readable model or there are more than {@code maxBytes}
     */
    public static LinearClassifier read(InputStream in, int maxBytes) throws IOException {
        byte[] all = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
        if (all.length > maxBytes) {
            throw new ModelFormatException("model file is larger than the limit of " + maxBytes + " bytes");
        }
        if (all.length < MAGIC.length + 16 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new ModelFormatException("not a prodcat model file (no PRODCATM magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - Long.BYTES);
        if (crc.getValue()
                != ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).getLong()) {
            throw new ModelFormatException("model file is corrupt or truncated (CRC mismatch)");
        }
        int bodyLength = all.length - MAGIC.length - Long.BYTES;
        DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(all, MAGIC.length, bodyLength));
        try {
            int version = data.readInt();
            if (version != FORMAT_VERSION && version != LEAF_ONLY_FORMAT_VERSION && version != DENSE_FORMAT_VERSION) {
                throw new ModelFormatException("model format version " + version + " is not supported (this build"
                        + " reads " + DENSE_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
            }
            int headerLength = data.readInt();
            if (headerLength <= 0 || headerLength > data.available()) {
                throw new ModelFormatException("model header length " + headerLength + " does not fit the file");
            }
            Header header = checked(JSON.readValue(readExactly(data, headerLength), Header.class));
            int columns = header.columns();
            int classes = header.labels().size();
            int nonZeros = version == DENSE_FORMAT_VERSION
                    ? 0
                    : java.util.Objects.requireNonNull(header.nonZeros(), "nonZeros");
            boolean withNodes = version == FORMAT_VERSION && header.nodeNonZeros() != null;
            int nodes = withNodes ? java.util.Objects.requireNonNull(header.nodes(), "nodes") : 0;
            int nodeNonZeros = withNodes ? header.nodeNonZeros() : 0;
            long arrays = version == DENSE_FORMAT_VERSION
                    ? Float.BYTES * (2L * columns + classes + (long) columns * classes)
                    : Float.BYTES * (3L * columns + 1 + 2L * classes + nonZeros);
            if (withNodes) {
                arrays += Float.BYTES * (columns + 1L + 2L * nodes + nodeNonZeros);
            }
            if (nonZeros < 0 || nodes < 0 || nodeNonZeros < 0 || arrays != data.available()) {
                throw new ModelFormatException("model header declares " + columns + " columns, " + classes
                        + " classes, " + nonZeros + " non-zero weights, " + nodes + " nodes and " + nodeNonZeros
                        + " non-zero node weights (" + arrays + " bytes of arrays), but " + data.available()
                        + " bytes follow it");
            }
            FeatureSpace space =
                    new FeatureSpace(header.features(), readInts(data, columns), readFloats(data, columns));
            float[] bias = readFloats(data, classes);
            SparseWeights weights = version == DENSE_FORMAT_VERSION
                    ? SparseWeights.lossless(readFloats(data, columns * classes), columns, classes)
                    : readSparse(all, data, columns, classes, nonZeros);
            NodeWeights nodeWeights = null;
            if (withNodes) {
                float[] nodeBias = readFloats(data, nodes);
                nodeWeights = new NodeWeights(
                        readSparse(all, data, columns, nodes, nodeNonZeros),
                        nodeBias,
                        java.util.Objects.requireNonNull(header.nodeShare(), "nodeShare"));
            }
            return new LinearClassifier(
                    header.labels(),
                    space,
                    weights,
                    bias,
                    header.temperature(),
                    header.provenance(),
                    header.pathSeparator(),
                    nodeWeights);
        } catch (EOFException
                | TaxonomyException
                | JacksonException
                | IllegalArgumentException
                | NullPointerException
                | IndexOutOfBoundsException
                | ArithmeticException e) {
            throw new ModelFormatException("model file is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The weights straight from the file's bytes ({@code all}, where {@code data} reads): no copy of the two largest
     * arrays in between, so loading needs the file and the model, not twice the model.
     */
    private static SparseWeights readSparse(byte[] all, DataInputStream data, int columns, int classes, int nonZeros)
            throws IOException {
        float[] grid = readFloats(data, classes);
        int[] columnStart = readInts(data, columns + 1);
        int at = all.length - Long.BYTES - data.available(); // the CRC follows the body
        char[] classIndex = new char[nonZeros];
        ByteBuffer.wrap(all, at, nonZeros * Character.BYTES).asCharBuffer().get(classIndex);
        ShortBuffer quantised = ByteBuffer.wrap(all, at + nonZeros * Character.BYTES, nonZeros * Short.BYTES)
                .asShortBuffer();
        data.skipNBytes((long) nonZeros * (Character.BYTES + Short.BYTES));
        return SparseWeights.fromGrid(classes, columnStart, classIndex, quantised, grid);
    }

    private static Header checked(Header header) {
        if (header.labels() == null
                || header.labels().isEmpty()
                || header.labels().contains(null)
                || header.features() == null
                || header.provenance() == null) {
            throw new ModelFormatException("model header lacks labels, feature configuration or provenance");
        }
        if (header.columns() < 0) {
            throw new ModelFormatException("model header declares " + header.columns() + " columns");
        }
        return header;
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES);
        buffer.asIntBuffer().put(values);
        out.write(buffer.array());
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static int[] readInts(DataInputStream in, int count) throws IOException {
        int[] values = new int[count];
        ByteBuffer.wrap(readExactly(in, count * Integer.BYTES)).asIntBuffer().get(values);
        return values;
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] values = new float[count];
        ByteBuffer.wrap(readExactly(in, count * Float.BYTES)).asFloatBuffer().get(values);
        return values;
    }

    private static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
