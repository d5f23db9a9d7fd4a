package io.prodcat.engine.training;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.features.FeatureConfig;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.features.SparseVector;
import java.nio.file.Path;
import java.util.List;

/** The department split as the solver comparisons use it: training rows as features, test rows vectorised alike. */
record DepartmentSplit(
        List<String> labels,
        List<String> texts,
        SparseMatrix matrix,
        int[] truth,
        List<SparseVector> testVectors,
        int[] testTruth) {

    /** Reads train.csv and test.csv (product_name, department) of a directory; features at their defaults. */
    static DepartmentSplit read(Path directory) {
        CsvDatasetReader reader =
                new CsvDatasetReader(DatasetSchema.of("product_name", "department"), ReadLimits.DEFAULT);
        Dataset train = reader.read(directory.resolve("train.csv"));
        Dataset test = reader.read(directory.resolve("test.csv"));
        List<String> texts = train.rows().stream().map(LabelledText::text).toList();
        FeatureSpace space = FeatureSpace.fit(texts, FeatureConfig.DEFAULT);
        return new DepartmentSplit(
                train.labels(),
                texts,
                space.vectorizeAll(texts),
                indices(train, train.labels()),
                test.rows().stream().map(row -> space.vectorize(row.text())).toList(),
                indices(test, train.labels()));
    }

    private static int[] indices(Dataset dataset, List<String> labels) {
        return dataset.rows().stream()
                .mapToInt(row -> labels.indexOf(row.label()))
                .toArray();
    }
}
