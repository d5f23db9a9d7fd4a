package io.prodcat.adapters.tracking;

import java.util.Map;
import java.util.UUID;

/**
 * Tracking switched off ({@code MLFLOW_TRACKING_URI=none}, e.g. the demo on a machine without Python): runs get
 * an id of MLflow's shape so the ledger stays complete, and everything logged to them is dropped. The figures
 * that matter are in the ledger tables anyway.
 */
public final class UntrackedRuns implements ExperimentTracker {

    /** The tracking URI value that selects this. */
    public static final String NONE = "none";

    /**
     * Artifacts of untracked runs: dropped. A separate object, not this class, so that a Spring context holding both
     * an {@link ExperimentTracker} and an {@link ArtifactStore} never finds two candidates for either.
     */
    public static final ArtifactStore NO_ARTIFACTS = (runId, path, content, contentType) -> {};

    public static boolean selectedBy(String trackingUri) {
        return trackingUri == null || trackingUri.isBlank() || NONE.equalsIgnoreCase(trackingUri.strip());
    }

    @Override
    public String startRun(String experimentName, String runName, Map<String, String> tags) {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {}

    @Override
    public void logMetric(String runId, String key, double value, long step) {}

    @Override
    public void setTags(String runId, Map<String, String> tags) {}

    @Override
    public void endRun(String runId, RunEnd status) {}
}
