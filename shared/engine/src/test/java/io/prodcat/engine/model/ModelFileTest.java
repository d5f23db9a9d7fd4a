package io.prodcat.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prodcat.engine.dataset.SyntheticRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ModelFileTest {

    private static final LinearClassifier MODEL = LinearClassifierTest.MODEL;

    @Test
    void savedAndReloadedModelPredictsIdentically(@TempDir Path dir) {
        Path file = dir.resolve("model.prodcat");
        ModelFile.write(MODEL, file);
        LinearClassifier reloaded = ModelFile.read(file);

        SyntheticRows.rows(30, 5)
                .forEach(row -> assertThat(reloaded.predict(row.text(), 4)).isEqualTo(MODEL.predict(row.text(), 4)));
        assertThat(reloaded.labels()).isEqualTo(MODEL.labels());
        assertThat(reloaded.provenance()).isEqualTo(MODEL.provenance());
        assertThat(reloaded.features().config()).isEqualTo(MODEL.features().config());
    }

    @Test
    void storedFormatOneModelStillPredictsWhatItPredictedWhenWritten() throws Exception {
        LinearClassifier golden = ModelFile.read(GoldenModel.FORMAT_1.model());

        assertSamePredictions(GoldenModel.predictions(golden), recorded(GoldenModel.FORMAT_1), 1e-6);
        assertThat(golden.provenance().datasetSha1()).hasSize(40);
        assertThat(golden.provenance().hyperparameters()).containsEntry("costs", "0.5");
        assertThat(golden.pathSeparator()).isEmpty();
        assertThat(golden.taxonomy().depth()).isEqualTo(1);
    }

    @Test
    void storedFormatTwoModelStillPredictsWhatItPredictedWhenWrittenAndKeepsItsTree() throws Exception {
        LinearClassifier golden = ModelFile.read(GoldenModel.FORMAT_2.model());

        assertSamePredictions(GoldenModel.predictions(golden), recorded(GoldenModel.FORMAT_2), 1e-6);
        assertThat(golden.pathSeparator()).contains(" > ");
        assertThat(golden.taxonomy().depth()).isEqualTo(2);
        assertThat(golden.taxonomy().path(golden.labels().indexOf("fresh > dairy")))
                .containsExactly("fresh", "fresh > dairy");
    }

    @Test
    void storedFormatThreeModelStillPredictsWhatItPredictedWhenWrittenWithItsNodeWeights() throws Exception {
        LinearClassifier golden = ModelFile.read(GoldenModel.FORMAT_3.model());

        assertSamePredictions(GoldenModel.predictions(golden), recorded(GoldenModel.FORMAT_3), 1e-6);
        NodeWeights nodes = golden.nodeWeights().orElseThrow();
        assertThat(nodes.share()).isEqualTo(0.5f);
        assertThat(nodes.weights().classes()).isEqualTo(2); // fresh, pantry
        assertThat(nodes.weights().nonZeros()).isPositive();
    }

    @Test
    void nodeWeightsSurviveWritingAndReadingByteForByte() throws Exception {
        LinearClassifier golden = ModelFile.read(GoldenModel.FORMAT_3.model());
        byte[] written = bytes(golden);
        LinearClassifier reloaded = ModelFile.read(new ByteArrayInputStream(written));

        assertThat(arrays(bytes(reloaded))).isEqualTo(arrays(written));
        assertThat(reloaded.nodeWeights().orElseThrow().weights().nonZeros())
                .isEqualTo(golden.nodeWeights().orElseThrow().weights().nonZeros());
    }

    @Test
    void aFormatOneModelRewrittenCompactlyAnswersTheSameLabels() throws Exception {
        LinearClassifier dense = ModelFile.read(GoldenModel.FORMAT_1.model());
        LinearClassifier compact = ModelFile.read(new ByteArrayInputStream(bytes(dense)));

        assertSamePredictions(GoldenModel.predictions(compact), GoldenModel.predictions(dense), 1e-3);
        assertThat(compact.weights().nonZeros())
                .isLessThanOrEqualTo(dense.weights().nonZeros());
    }

    @Test
    void compactWeightsSurviveWritingAndReadingByteForByte() throws Exception {
        byte[] written = bytes(MODEL);
        LinearClassifier reloaded = ModelFile.read(new ByteArrayInputStream(written));

        assertThat(arrays(bytes(reloaded))).isEqualTo(arrays(written));
        assertThat(reloaded.weights().nonZeros()).isEqualTo(MODEL.weights().nonZeros());
    }

    @Test
    void aCompactModelKeepsFewerWeightsThanColumnsTimesClasses() {
        int dense = MODEL.features().columnCount() * MODEL.labels().size();

        assertThat(MODEL.weights().nonZeros()).isPositive().isLessThan(dense);
    }

    @Test
    void rejectsBytesThatAreNotAModel() {
        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream("product_name,department\n".getBytes())))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a prodcat model file");
    }

    @Test
    void rejectsACorruptedOrTruncatedFile() throws Exception {
        byte[] bytes = bytes(MODEL);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 100);

        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(flipped)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(truncated)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void rejectsANewerFormatVersionByName() throws Exception {
        byte[] bytes = bytes(MODEL);
        ByteBuffer.wrap(bytes).putInt(8, 4); // the version follows the 8-byte magic
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());

        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("format version 4 is not supported (this build reads 1 to 3)");
    }

    /**
     * The same texts, each with the same labels in the same order and probabilities to {@code tolerance} (golden
     * files: 1e-6, as scores are summed in floats and the last digits may move with the order of the additions).
     */
    private static void assertSamePredictions(
            Map<String, List<ScoredLabel>> actual, Map<String, List<ScoredLabel>> recorded, double tolerance) {
        assertThat(actual).hasSameSizeAs(recorded);
        recorded.forEach((text, expected) -> {
            List<ScoredLabel> answered = actual.get(text);
            assertThat(answered)
                    .extracting(ScoredLabel::label)
                    .as(text)
                    .isEqualTo(expected.stream().map(ScoredLabel::label).toList());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(answered.get(i).probability())
                        .as(text)
                        .isCloseTo(expected.get(i).probability(), within(tolerance));
            }
        });
    }

    private static Map<String, List<ScoredLabel>> recorded(GoldenModel.Golden golden) throws Exception {
        return JsonMapper.builder()
                .build()
                .readValue(
                        Files.readString(golden.predictions()), new TypeReference<Map<String, List<ScoredLabel>>>() {});
    }

    /** What follows the JSON header, without the checksum: the arrays. */
    private static byte[] arrays(byte[] model) {
        int start = 8 + 4 + 4 + ByteBuffer.wrap(model, 12, 4).getInt();
        return java.util.Arrays.copyOfRange(model, start, model.length - 8);
    }

    private static byte[] bytes(LinearClassifier model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }
}
