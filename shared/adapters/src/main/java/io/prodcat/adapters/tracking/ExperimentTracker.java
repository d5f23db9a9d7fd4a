package io.prodcat.adapters.tracking;

import java.util.Map;

/**
 * Experiment tracking as training and evaluation see it: one run per training, with its parameters,
 * per-step metrics and tags. Every method throws {@link TrackingException} when the tracking server
 * fails; the caller's work is then safe to retry.
 */
public interface ExperimentTracker {

    /**
     * Starts a run in the named experiment, creating the experiment when it does not exist yet.
     *
     * @return the run id (32 hex digits on MLflow)
     */
    String startRun(String experimentName, String runName, Map<String, String> tags);

    void logParams(String runId, Map<String, String> params);

    /** Logs one value of a metric at a step (a checkpoint number, say); steps need not be consecutive. */
    void logMetric(String runId, String key, double value, long step);

    void setTags(String runId, Map<String, String> tags);

    void endRun(String runId, RunEnd status);

    /** How a run ended. */
    enum RunEnd {
        FINISHED,
        FAILED,
        KILLED
    }
}
