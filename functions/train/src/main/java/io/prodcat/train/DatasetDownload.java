package io.prodcat.train;

import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.dataset.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;

/**
 * A dataset copied from the store to a local temporary file in one streamed pass, with its SHA-1. Bytes
 * past the size limit are hashed but not kept, so an oversized upload still gets its true fingerprint
 * (and its FAILED ledger row) without filling the disk.
 *
 * @param file      local copy; complete unless {@code oversized}
 * @param sha1      SHA-1 of every byte of the object
 * @param sizeBytes the object's length
 * @param oversized whether it exceeded the limit
 */
record DatasetDownload(Path file, String sha1, long sizeBytes, boolean oversized) implements AutoCloseable {

    static DatasetDownload fetch(ObjectStore store, S3Location location, long maxBytes) {
        Path file = null;
        try (InputStream in = store.open(location)) {
            file = Files.createTempFile("prodcat-dataset", ".csv");
            DigestInputStream digesting = new DigestInputStream(in, Fingerprint.newSha1());
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int read; (read = digesting.read(buffer)) >= 0; size += read) {
                    if (size + read <= maxBytes) {
                        out.write(buffer, 0, read);
                    }
                }
            }
            return new DatasetDownload(file, Fingerprint.hex(digesting), size, size > maxBytes);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot copy " + location + " to a temporary file", e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
