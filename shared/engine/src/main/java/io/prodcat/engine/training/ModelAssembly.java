package io.prodcat.engine.training;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.features.FeatureSpace;
import io.prodcat.engine.model.ChosenSetting;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.Provenance;
import io.prodcat.engine.model.SparseWeights;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns solved binary problems into a {@link LinearClassifier} with its provenance. */
final class ModelAssembly {

    private ModelAssembly() {}

    /** The model's weights, taken a class at a time from the final solve (from any thread). */
    static final class Weights {
        private final SparseWeights.ClassWeights[] perClass;
        private final float[] bias;
        private final int columns;
        private final Compaction compaction;

        /** @param compaction how the weights are compacted; null: kept without loss (to measure what it costs) */
        Weights(int classes, int columns, Compaction compaction) {
            this.perClass = new SparseWeights.ClassWeights[classes];
            this.bias = new float[classes];
            this.columns = columns;
            this.compaction = compaction;
        }

        /**
         * Class c's weights (columns, then the bias), compacted against the rows of its problem unless measuring what
         * compaction costs.
         */
        void take(int c, float[] weights, int[] rows, int rowCount) {
            perClass[c] = compaction != null
                    ? compaction.compact(weights, rows, rowCount)
                    : SparseWeights.losslessClass(weights, columns);
            bias[c] = weights[columns];
        }

        SparseWeights.ClassWeights[] perClass() {
            return perClass;
        }

        float[] bias() {
            return bias;
        }
    }

    static LinearClassifier assemble(
            List<String> labels,
            FeatureSpace space,
            Weights weights,
            double[] offsets,
            double temperature,
            Provenance provenance,
            String pathSeparator,
            io.prodcat.engine.model.NodeWeights nodeWeights) {
        float[] bias = new float[labels.size()];
        for (int c = 0; c < bias.length; c++) {
            bias[c] = (float) (weights.bias[c] + offsets[c]);
        }
        return new LinearClassifier(
                labels,
                space,
                SparseWeights.of(weights.perClass, space.columnCount()),
                bias,
                temperature,
                provenance,
                pathSeparator,
                nodeWeights);
    }

    static Provenance provenance(
            Dataset dataset,
            Hyperparameters hyperparameters,
            Checkpoint best,
            int rows,
            io.prodcat.engine.model.Lineage lineage) {
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
                Instant.now(),
                new ChosenSetting(best.cost(), best.classWeightPower(), best.nodeShare()),
                lineage);
    }
}
