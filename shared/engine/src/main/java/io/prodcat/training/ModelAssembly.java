package io.prodcat.training;

import io.prodcat.dataset.Dataset;
import io.prodcat.features.FeatureSpace;
import io.prodcat.model.LinearClassifier;
import io.prodcat.model.Provenance;
import io.prodcat.model.SparseWeights;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns solved binary problems into a {@link LinearClassifier} with its provenance. */
final class ModelAssembly {

    private ModelAssembly() {}

    static LinearClassifier assemble(
            List<String> labels,
            FeatureSpace space,
            BinarySvmSolver[] solvers,
            double[] offsets,
            double temperature,
            Provenance provenance,
            String pathSeparator,
            boolean compact) {
        int classes = labels.size();
        int columns = space.columnCount();
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = (float) (solvers[c].weights()[columns] + offsets[c]);
        }
        SparseWeights.Dense dense = (column, c) -> solvers[c].weights()[column];
        SparseWeights weights = compact
                ? SparseWeights.compact(dense, columns, classes)
                : SparseWeights.lossless(dense, columns, classes);
        return new LinearClassifier(labels, space, weights, bias, temperature, provenance, pathSeparator);
    }

    static Provenance provenance(Dataset dataset, Hyperparameters hyperparameters, Checkpoint best, int rows) {
        Map<String, String> settings = HyperparameterOverrides.describe(hyperparameters);
        Map<String, String> versions = new LinkedHashMap<>();
        String prodcat = ModelAssembly.class.getPackage().getImplementationVersion();
        versions.put("prodcat", prodcat == null ? "dev" : prodcat);
        versions.put("java", System.getProperty("java.version"));
        return new Provenance(
                dataset.sha1(),
                rows,
                settings,
                hyperparameters.fingerprint(),
                hyperparameters.seed(),
                best.name(),
                versions,
                Instant.now());
    }
}
