package io.prodcat.adapters.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/** {@link ExperimentTracker} on an MLflow tracking server, through mlflow-client. */
public final class MlflowExperimentTracker implements ExperimentTracker {

    /** MLflow's limit of parameters in one log-batch call. */
    private static final int PARAMS_PER_BATCH = 100;

    private final MlflowClient client;

    public MlflowExperimentTracker(MlflowClient client) {
        this.client = client;
    }

    @Override
    public String startRun(String experimentName, String runName, Map<String, String> tags) {
        return call("start a run in experiment '" + experimentName + "'", () -> {
            CreateRun.Builder request = CreateRun.newBuilder()
                    .setExperimentId(experimentId(experimentName))
                    .setRunName(runName)
                    .setStartTime(System.currentTimeMillis());
            tags.forEach((key, value) -> request.addTags(tag(key, value)));
            return client.createRun(request.build()).getRunId();
        });
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        List<Param> all = new ArrayList<>();
        params.forEach((key, value) ->
                all.add(Param.newBuilder().setKey(key).setValue(value).build()));
        for (int from = 0; from < all.size(); from += PARAMS_PER_BATCH) {
            List<Param> batch = all.subList(from, Math.min(all.size(), from + PARAMS_PER_BATCH));
            run("log params of run " + runId, () -> client.logBatch(runId, List.of(), batch, List.of()));
        }
    }

    @Override
    public void logMetric(String runId, String key, double value, long step) {
        run(
                "log metric " + key + " of run " + runId,
                () -> client.logMetric(runId, key, value, System.currentTimeMillis(), step));
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        List<RunTag> all = new ArrayList<>();
        tags.forEach((key, value) -> all.add(tag(key, value)));
        run("set tags of run " + runId, () -> client.logBatch(runId, List.of(), List.of(), all));
    }

    @Override
    public void endRun(String runId, RunEnd status) {
        run("end run " + runId, () -> client.setTerminated(runId, RunStatus.valueOf(status.name())));
    }

    private String experimentId(String name) {
        return client.getExperimentByName(name)
                .map(experiment -> experiment.getExperimentId())
                .orElseGet(() -> createExperiment(name));
    }

    private String createExperiment(String name) {
        try {
            return client.createExperiment(name);
        } catch (MlflowHttpException e) {
            // a concurrent caller created it first
            return client.getExperimentByName(name).orElseThrow(() -> e).getExperimentId();
        }
    }

    private static RunTag tag(String key, String value) {
        return RunTag.newBuilder().setKey(key).setValue(value).build();
    }

    private static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (MlflowClientException e) {
            throw new TrackingException("MLflow: cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
