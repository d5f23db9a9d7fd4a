package io.prodcat.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutManifestTest {

    private static final DatasetSchema SCHEMA = DatasetSchema.of("product_name", "department");

    @Test
    void roundTripsThroughJsonAndSelectsExactlyTheHeldOutRows() {
        Dataset dataset = SyntheticRows.dataset(20, 4);
        StratifiedSplit split = StratifiedSplit.of(dataset.rows(), 0.1, 7);

        HoldoutManifest written = HoldoutManifest.of(dataset, SCHEMA, split);
        HoldoutManifest read = HoldoutManifest.read(new ByteArrayInputStream(written.toJson()));

        assertThat(read).isEqualTo(written);
        assertThat(read.schema()).isEqualTo(SCHEMA);
        assertThat(read.select(dataset)).containsExactlyElementsOf(split.validation());
    }

    @Test
    void refusesADatasetThatChangedSinceTraining() {
        Dataset dataset = SyntheticRows.dataset(20, 4);
        HoldoutManifest manifest = new HoldoutManifest(
                HoldoutManifest.FORMAT, "f".repeat(40), List.of("product_name"), "department", List.of(0, 1));

        assertThatThrownBy(() -> manifest.select(dataset))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("changed since training");
    }

    @Test
    void refusesARowNumberOutsideTheDataset() {
        Dataset dataset = SyntheticRows.dataset(2, 4);
        HoldoutManifest manifest = new HoldoutManifest(
                HoldoutManifest.FORMAT,
                dataset.sha1(),
                List.of("product_name"),
                "department",
                List.of(0, dataset.rows().size()));

        assertThatThrownBy(() -> manifest.select(dataset))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("names row " + dataset.rows().size());
    }

    @Test
    void refusesWhatIsNotAManifest() {
        for (String json : List.of(
                "nope",
                "{}",
                "{\"format\":\"other/1\",\"datasetSha1\":\"a\",\"textColumns\":[\"t\"],"
                        + "\"labelColumn\":\"l\",\"heldOutRows\":[]}")) {
            assertThatThrownBy(
                            () -> HoldoutManifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                    .as(json)
                    .isInstanceOf(DatasetException.class)
                    .hasMessageContaining("holdout manifest");
        }
    }
}
