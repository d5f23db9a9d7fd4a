package io.prodcat.cli;

import io.prodcat.dataset.CsvDatasetReader;
import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.ReadLimits;
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

    CsvDatasetReader reader() {
        return new CsvDatasetReader(new DatasetSchema(textColumns, labelColumn), ReadLimits.DEFAULT);
    }
}
