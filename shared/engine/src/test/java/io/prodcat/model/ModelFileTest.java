package io.prodcat.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.dataset.SyntheticRows;
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
        LinearClassifier golden = ModelFile.read(GoldenModel.MODEL);
        Map<String, List<ScoredLabel>> recorded = JsonMapper.builder()
                .build()
                .readValue(
                        Files.readString(GoldenModel.PREDICTIONS),
                        new TypeReference<Map<String, List<ScoredLabel>>>() {});

        assertThat(GoldenModel.predictions(golden)).isEqualTo(recorded);
        assertThat(golden.provenance().datasetSha1()).hasSize(40);
        assertThat(golden.provenance().hyperparameters()).containsEntry("costs", "0.5");
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
        ByteBuffer.wrap(bytes).putInt(8, 2); // the version follows the 8-byte magic
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());

        assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("format version 2 is not supported");
    }

    private static byte[] bytes(LinearClassifier model) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }
}
