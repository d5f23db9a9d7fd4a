package io.prodcat.dataset;

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
        List<LabelledText> rows = rows(perClass, seed);
        return new Dataset(
                rows,
                rows.stream().map(LabelledText::label).distinct().sorted().toList(),
                "0123456789abcdef0123456789abcdef01234567");
    }
}
