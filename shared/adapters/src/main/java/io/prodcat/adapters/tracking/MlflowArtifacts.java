package io.prodcat.adapters.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;

/**
 * {@link ArtifactStore} through MLflow's artifact proxy ({@code mlflow server --serve-artifacts}, the default):
 * a plain HTTP PUT, since mlflow-client's own upload shells out to the Python CLI.
 */
public final class MlflowArtifacts implements ArtifactStore {

    private static final String PROXIED = "mlflow-artifacts:/";

    private final MlflowClient client;
    private final String trackingUri;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public MlflowArtifacts(MlflowClient client, String trackingUri) {
        this.client = client;
        this.trackingUri = trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri;
    }

    @Override
    public void upload(String runId, String path, byte[] content, String contentType) {
        String artifactUri;
        try {
            artifactUri = client.getRun(runId).getInfo().getArtifactUri();
        } catch (MlflowClientException e) {
            throw new TrackingException("MLflow: cannot read run " + runId + ": " + e.getMessage(), e);
        }
        if (!artifactUri.startsWith(PROXIED)) {
            throw new TrackingException(
                    "MLflow run " + runId + " stores artifacts at " + artifactUri
                            + "; prodcat uploads through the artifact proxy only (start mlflow server with --serve-artifacts)",
                    null);
        }
        URI target = URI.create(trackingUri + "/api/2.0/mlflow-artifacts/artifacts/"
                + artifactUri.substring(PROXIED.length()) + "/" + path);
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(target)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", contentType)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new TrackingException(
                        "MLflow refused artifact " + path + ": HTTP " + answer.statusCode() + " " + answer.body(),
                        null);
            }
        } catch (IOException e) {
            throw new TrackingException("MLflow unreachable while uploading " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted while uploading " + path, e);
        }
    }
}
