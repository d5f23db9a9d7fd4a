package io.prodcat.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which rows of a dataset a training held out, written next to the model so that the evaluation scores exactly
 * those rows without re-deriving the split. Row numbers are positions in {@link Dataset#rows()} (0-based data rows,
 * in file order) as read with the manifest's columns.
 *
 * @param format      {@value #FORMAT}
 * @param datasetSha1 SHA-1 of the dataset bytes the row numbers refer to
 * @param textColumns the text columns it was read with
 * @param labelColumn its label column
 * @param heldOutRows row numbers, ascending
 */
public record HoldoutManifest(
        String format, String datasetSha1, List<String> textColumns, String labelColumn, List<Integer> heldOutRows) {

    public static final String FORMAT = "prodcat-holdout/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public HoldoutManifest {
        if (!FORMAT.equals(format)) {
            throw new DatasetException("not a holdout manifest of format " + FORMAT + ": format '" + format + "'");
        }
        if (datasetSha1 == null || textColumns == null || labelColumn == null || heldOutRows == null) {
            throw new DatasetException(
                    "a holdout manifest needs datasetSha1, textColumns, labelColumn and heldOutRows");
        }
        textColumns = List.copyOf(textColumns);
        heldOutRows = List.copyOf(heldOutRows);
    }

    /** The manifest of {@code split}, made from {@code dataset} read with {@code schema}. */
    public static HoldoutManifest of(Dataset dataset, DatasetSchema schema, StratifiedSplit split) {
        return new HoldoutManifest(
                FORMAT, dataset.sha1(), schema.textColumns(), schema.labelColumn(), split.validationIndices());
    }

    public DatasetSchema schema() {
        return new DatasetSchema(textColumns, labelColumn);
    }

    /**
     * The held-out rows of {@code dataset}.
     *
     * @throws DatasetException when the dataset is not the one the manifest was made from, or a row number is outside it
     */
    public List<LabelledText> select(Dataset dataset) {
        if (!datasetSha1.equals(dataset.sha1())) {
            throw new DatasetException("the dataset changed since training (SHA-1 " + dataset.sha1() + ", trained on "
                    + datasetSha1 + "): its held-out rows are gone");
        }
        List<LabelledText> rows = new ArrayList<>(heldOutRows.size());
        for (int row : heldOutRows) {
            if (row < 0 || row >= dataset.rows().size()) {
                throw new DatasetException("holdout manifest names row " + row + " of a dataset with "
                        + dataset.rows().size() + " rows");
            }
            rows.add(dataset.rows().get(row));
        }
        return rows;
    }

    /**
     * The rows of {@code dataset} the training fitted on: all but the held-out ones.
     *
     * @throws DatasetException as {@link #select}
     */
    public List<LabelledText> trainedOn(Dataset dataset) {
        select(dataset);
        java.util.Set<Integer> held = new java.util.HashSet<>(heldOutRows);
        List<LabelledText> rows = new ArrayList<>(dataset.rows().size() - held.size());
        for (int row = 0; row < dataset.rows().size(); row++) {
            if (!held.contains(row)) {
                rows.add(dataset.rows().get(row));
            }
        }
        return rows;
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    /** @throws DatasetException when the stream is not a manifest */
    public static HoldoutManifest read(InputStream in) {
        try {
            return JSON.readValue(in.readAllBytes(), HoldoutManifest.class);
        } catch (JacksonException e) {
            throw new DatasetException("not a holdout manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the holdout manifest", e);
        }
    }
}
