package io.prodcat.evaluate;

import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.HoldoutManifest;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.StratifiedSplit;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.function.support.StoredCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Where the rows a training held out are found. */
public interface HoldoutSource {

    /**
     * The held-out rows of {@code done}'s dataset.
     *
     * @throws io.prodcat.engine.dataset.DatasetException when the dataset changed since training or the manifest is not one
     */
    List<LabelledText> rows(ObjectStore store, TrainingCompleted done);

    /** training.completed v2: the manifest train wrote next to the weights. */
    record Manifest(String uri) implements HoldoutSource {
        public List<LabelledText> rows(ObjectStore store, TrainingCompleted done) {
            return rows(store, done.datasetPath());
        }

        /** The rows of the dataset at {@code datasetPath} that this manifest lists. */
        List<LabelledText> rows(ObjectStore store, String datasetPath) {
            HoldoutManifest manifest = read(store);
            return manifest.select(StoredCsv.read(store, datasetPath, manifest.schema()));
        }

        /** The rows of the dataset at {@code datasetPath} the training fitted on: all this manifest does not list. */
        public List<LabelledText> trainedOn(ObjectStore store, String datasetPath) {
            HoldoutManifest manifest = read(store);
            return manifest.trainedOn(StoredCsv.read(store, datasetPath, manifest.schema()));
        }

        private HoldoutManifest read(ObjectStore store) {
            try (InputStream in = store.open(S3Location.parse(uri))) {
                return HoldoutManifest.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the holdout manifest " + uri, e);
            }
        }
    }

    /** training.completed v1 (read for one release): the split rebuilt from the dataset, its fraction and seed. */
    record RebuiltSplit(double fraction, long seed) implements HoldoutSource {
        public List<LabelledText> rows(ObjectStore store, TrainingCompleted done) {
            Dataset dataset = StoredCsv.read(
                    store, done.datasetPath(), new DatasetSchema(done.textColumns(), done.labelColumn()));
            List<Integer> heldOut =
                    StratifiedSplit.of(dataset.rows(), fraction, seed).validationIndices();
            return new HoldoutManifest(
                            HoldoutManifest.FORMAT, done.datasetHash(), done.textColumns(), done.labelColumn(), heldOut)
                    .select(dataset);
        }
    }
}
