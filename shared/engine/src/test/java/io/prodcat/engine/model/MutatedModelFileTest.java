package io.prodcat.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Model files are read from storage that others can write: whatever the bytes, reading ends in a model or a
 * {@link ModelFormatException}, never another exception, a hang or an allocation the file did not pay for. Each
 * mutation below keeps the checksum valid (it is recomputed), so the reader's own checks are what is tested.
 */
class MutatedModelFileTest {

    private static final int MAGIC_AND_VERSION = 8 + 4;

    @Test
    void everyByteOfTheHeaderMutatedReadsOrIsRefusedCleanly() throws Exception {
        byte[] model = modelBytes();
        int headerEnd = MAGIC_AND_VERSION
                + 4
                + ByteBuffer.wrap(model, MAGIC_AND_VERSION, 4).getInt()
                + 64;
        Random random = new Random(11);
        int refused = 0;
        for (int position = 0; position < headerEnd; position++) {
            for (int value : new int[] {0, 0xFF, random.nextInt(256), model[position] ^ 0x01}) {
                byte[] mutated = model.clone();
                mutated[position] = (byte) value;
                refused += readsOrRefuses(withCrc(mutated)) ? 0 : 1;
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void mutatedWeightIndexReadsOrIsRefusedCleanly() throws Exception {
        byte[] model = modelBytes();
        int arraysStart = MAGIC_AND_VERSION
                + 4
                + ByteBuffer.wrap(model, MAGIC_AND_VERSION, 4).getInt();
        Random random = new Random(13);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] mutated = model.clone();
            int position = arraysStart + random.nextInt(model.length - Long.BYTES - arraysStart);
            mutated[position] = (byte) (trial % 3 == 0 ? 0xFF : random.nextInt(256));
            refused += readsOrRefuses(withCrc(mutated)) ? 0 : 1;
        }
        assertThat(refused)
                .as("column starts and class indices out of range are refused")
                .isPositive();
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] model = modelBytes();
        for (int length = 0; length < model.length - 8; length += Math.max(1, length / 16)) {
            byte[] truncated = Arrays.copyOf(model, length + 8);
            assertThat(readsOrRefuses(withCrc(truncated)))
                    .as("truncated to %d bytes", length)
                    .isFalse();
        }
    }

    @Test
    void declaredSizesThatDoNotMatchTheBytesAreRefused() throws Exception {
        byte[] model = modelBytes();
        String header = header(model);
        List<String> crafted = new ArrayList<>();
        crafted.add(header.replaceFirst("\"columns\":\\d+", "\"columns\":2147483647"));
        crafted.add(header.replaceFirst("\"columns\":\\d+", "\"columns\":-1"));
        crafted.add(header.replaceFirst("\"columns\":\\d+", "\"columns\":0"));
        crafted.add(header.replaceFirst("\"labels\":\\[[^]]*]", "\"labels\":null"));
        crafted.add(header.replaceFirst("\"labels\":\\[[^]]*]", "\"labels\":[\"only\"]"));
        crafted.add(header.replaceFirst("\"labels\":\\[[^]]*]", "\"labels\":[null,null,null,null]"));
        crafted.add(header.replaceFirst("\"hashBits\":\\d+", "\"hashBits\":31"));
        crafted.add(header.replaceFirst("\"features\":\\{", "\"features\":null,\"x\":{"));
        crafted.add(header.replaceFirst("\"provenance\":\\{", "\"provenance\":null,\"x\":{"));
        crafted.add(header.replaceFirst("\"nonZeros\":\\d+", "\"nonZeros\":-1"));
        crafted.add(header.replaceFirst("\"nonZeros\":\\d+", "\"nonZeros\":2147483647"));
        crafted.add(header.replaceFirst("\"nonZeros\":\\d+", "\"nonZeros\":0"));
        crafted.add(header.replaceFirst("\"pathSeparator\":null", "\"pathSeparator\":\"\""));
        crafted.add(header.replaceFirst("\"pathSeparator\":null", "\"pathSeparator\":\"s\""));
        crafted.add("{}");
        crafted.add("[]");
        for (String json : crafted) {
            assertThat(json).as("the crafted header differs").isNotEqualTo(header);
            byte[] mutated = withHeader(model, json);
            assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(withCrc(mutated))))
                    .as(json)
                    .isInstanceOf(ModelFormatException.class);
        }
        for (int headerLength : new int[] {-1, 0, Integer.MAX_VALUE, model.length}) {
            byte[] mutated = model.clone();
            ByteBuffer.wrap(mutated, MAGIC_AND_VERSION, 4).putInt(headerLength);
            assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(withCrc(mutated))))
                    .as("header length %d", headerLength)
                    .isInstanceOf(ModelFormatException.class);
        }
    }

    @Test
    void readsNoMoreThanTheLimitFromAnEndlessStream() {
        InputStream zeros = new InputStream() { // like file:/dev/zero
                    @Override
                    public int read() {
                        return 0;
                    }
                };

        assertThatThrownBy(() -> ModelFile.read(zeros, 1 << 20))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("larger than the limit");
    }

    /** True when the bytes read as a model, false when refused with a ModelFormatException; anything else fails. */
    @Test
    void headerFieldsALaterBuildAddsAreIgnoredSoAnOlderReaderStillReadsItsModels() throws Exception {
        // how models with a lineage (2026-12-07) stay readable by the predict builds before them: fields are added to
        // the header and its provenance, never changed; the format version changes only when the arrays do
        byte[] model = modelBytes();
        String header = header(model);
        String extended = header.replaceFirst("\\{", "{\"addedLater\":{\"a\":[1,2]},")
                .replaceFirst("\"provenance\":\\{", "\"provenance\":{\"alsoAddedLater\":\"x\",");
        assertThat(extended).contains("addedLater").contains("alsoAddedLater");

        LinearClassifier read = ModelFile.read(new ByteArrayInputStream(withCrc(withHeader(model, extended))));

        assertThat(read.predict("fresh milk", 2)).isEqualTo(LinearClassifierTest.MODEL.predict("fresh milk", 2));
    }

    private static boolean readsOrRefuses(byte[] bytes) throws Exception {
        try {
            ModelFile.read(new ByteArrayInputStream(bytes));
            return true;
        } catch (ModelFormatException refused) {
            return false;
        }
    }

    private static byte[] modelBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(LinearClassifierTest.MODEL, out);
        return out.toByteArray();
    }

    private static String header(byte[] model) {
        int length = ByteBuffer.wrap(model, MAGIC_AND_VERSION, 4).getInt();
        return new String(model, MAGIC_AND_VERSION + 4, length, StandardCharsets.UTF_8);
    }

    /** The model with its JSON header replaced (length updated), arrays and checksum slot as they were. */
    private static byte[] withHeader(byte[] model, String json) {
        int oldLength = ByteBuffer.wrap(model, MAGIC_AND_VERSION, 4).getInt();
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int rest = MAGIC_AND_VERSION + 4 + oldLength;
        ByteBuffer out = ByteBuffer.allocate(model.length - oldLength + header.length);
        out.put(model, 0, MAGIC_AND_VERSION).putInt(header.length).put(header).put(model, rest, model.length - rest);
        return out.array();
    }

    /** The bytes with their last 8 bytes set to the CRC-32 of the rest, as a writer would. */
    private static byte[] withCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).putLong(crc.getValue());
        return bytes;
    }
}
