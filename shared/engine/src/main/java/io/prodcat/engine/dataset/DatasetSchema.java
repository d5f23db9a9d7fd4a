package io.prodcat.engine.dataset;

import java.util.List;

/**
 * Which CSV columns hold the text and the label. Several text columns are joined with a space, in the
 * order given.
 */
public record DatasetSchema(List<String> textColumns, String labelColumn) {

    public DatasetSchema {
        textColumns = List.copyOf(textColumns);
        if (textColumns.isEmpty() || textColumns.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one non-blank text column is needed, got " + textColumns);
        }
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("a non-blank label column is needed");
        }
        if (textColumns.contains(labelColumn)) {
            throw new IllegalArgumentException("column '" + labelColumn + "' cannot be both text and label");
        }
    }

    public static DatasetSchema of(String textColumn, String labelColumn) {
        return new DatasetSchema(List.of(textColumn), labelColumn);
    }
}
