package io.prodcat.engine.dataset;

import java.util.List;

/**
 * A validated labelled dataset.
 *
 * @param rows   the examples in file order
 * @param labels the distinct labels, sorted; at least two
 * @param sha1   SHA-1 of the exact bytes read, 40 lower-case hex digits
 */
public record Dataset(List<LabelledText> rows, List<String> labels, String sha1) {

    public Dataset {
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
    }
}
