package io.prodcat.function.support;

import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A labelled CSV read straight from S3: a training's dataset, or the gate's reference set. */
public final class StoredCsv {

    private StoredCsv() {}

    /** @throws io.prodcat.engine.dataset.DatasetException when the CSV is unusable with {@code schema} */
    public static Dataset read(ObjectStore store, String uri, DatasetSchema schema) {
        try (InputStream in = store.open(S3Location.parse(uri))) {
            return new CsvDatasetReader(schema, ReadLimits.DEFAULT).read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
    }
}
