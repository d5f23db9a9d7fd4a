package io.prodcat.adapters.tracking;

/**
 * Files attached to a tracking run (plots, reports). Throws {@link TrackingException} when the server fails.
 */
public interface ArtifactStore {

    /** Stores {@code content} as {@code path} (e.g. {@code evaluation/confusion-matrix.png}) under the run. */
    void upload(String runId, String path, byte[] content, String contentType);
}
