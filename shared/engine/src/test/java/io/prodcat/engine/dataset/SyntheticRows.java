package io.prodcat.engine.dataset;

import io.prodcat.testkit.SyntheticCatalog;
import java.util.List;

/** The testkit's made-up catalogue as engine rows and datasets. */
public final class SyntheticRows {

    private SyntheticRows() {}

    /** {@code perClass} titles for each of the four categories, interleaved, reproducible for a seed. */
    public static List<LabelledText> rows(int perClass, long seed) {
        return SyntheticCatalog.products(perClass, seed).stream()
                .map(product -> new LabelledText(product.title(), product.category()))
                .toList();
    }

    public static Dataset dataset(int perClass, long seed) {
        return datasetOf(rows(perClass, seed));
    }

    /** The same rows with two-level path labels: {@code fresh > dairy}, {@code fresh > beverages}, {@code pantry > …}. */
    public static Dataset pathDataset(int perClass, long seed) {
        return datasetOf(rows(perClass, seed).stream()
                .map(row -> new LabelledText(row.text(), PATHS.get(row.label())))
                .toList());
    }

    private static final java.util.Map<String, String> PATHS = java.util.Map.of(
            "dairy", "fresh > dairy",
            "beverages", "fresh > beverages",
            "snacks", "pantry > snacks",
            "pets", "pantry > pets");

    private static Dataset datasetOf(List<LabelledText> rows) {
        return new Dataset(
                rows,
                rows.stream().map(LabelledText::label).distinct().sorted().toList(),
                "0123456789abcdef0123456789abcdef01234567");
    }
}
