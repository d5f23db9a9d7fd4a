package io.prodcat.cli;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.taxonomy.Taxonomy;
import java.util.List;
import picocli.CommandLine.Option;

/** The CSV column options shared by the commands that read labelled data. */
final class DatasetColumns {

    @Option(
            names = "--text-column",
            required = true,
            split = ",",
            description = "text column name(s); several are joined with a space")
    List<String> textColumns;

    @Option(names = "--label-column", required = true, description = "label column name")
    String labelColumn;

    @Option(
            names = "--path-separator",
            defaultValue = Taxonomy.DEFAULT_SEPARATOR,
            description = "what joins the levels of a label that is a category path (default '${DEFAULT-VALUE}'); "
                    + "train keeps such labels' tree in the model, and the figures are given per level too")
    String pathSeparator;

    /** {@code --path-separator} when these labels are paths (some label contains it), else null (flat labels). */
    String separatorFor(List<String> labels) {
        return Taxonomy.separatorFor(labels, pathSeparator);
    }

    CsvDatasetReader reader() {
        return new CsvDatasetReader(new DatasetSchema(textColumns, labelColumn), ReadLimits.DEFAULT);
    }
}
