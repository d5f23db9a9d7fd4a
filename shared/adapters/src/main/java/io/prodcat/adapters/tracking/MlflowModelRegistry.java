package io.prodcat.adapters.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ModelRegistry} on MLflow's model registry. mlflow-client's registry API is read-only
 * (mlflow/mlflow#13494), so the writes go through its generic REST calls.
 */
public final class MlflowModelRegistry implements ModelRegistry {

    private static final String ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    private static final String DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";

    private final MlflowClient client;
    private final URI trackingUri;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param trackingUri the server mlflow-client talks to, for the one call it cannot make (DELETE of an alias)
     */
    public MlflowModelRegistry(MlflowClient client, String trackingUri) {
        this.client = client;
        this.trackingUri = URI.create(trackingUri.endsWith("/") ? trackingUri : trackingUri + "/");
    }

    @Override
    public void ensureRegisteredModel(String name) {
        try {
            client.sendPost("registered-models/create", json.writeValueAsString(Map.of("name", name)));
        } catch (MlflowHttpException e) {
            if (!hasErrorCode(e, ALREADY_EXISTS)) {
                throw failure("create registered model " + name, e);
            }
        } catch (MlflowClientException e) {
            throw failure("create registered model " + name, e);
        }
    }

    @Override
    public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("source", sourceUri);
        body.put("run_id", runId);
        body.put(
                "tags",
                tags.entrySet().stream()
                        .map(tag -> Map.of("key", tag.getKey(), "value", tag.getValue()))
                        .toList());
        try {
            String answer = client.sendPost("model-versions/create", json.writeValueAsString(body));
            return toModelVersion(json.readTree(answer).path("model_version"));
        } catch (MlflowClientException e) {
            throw failure("create a version of " + name, e);
        }
    }

    @Override
    public Optional<ModelVersion> findVersionByRun(String name, String runId) {
        String filter = "name='" + name.replace("'", "\\'") + "' and run_id='" + runId + "'";
        try {
            String answer = client.sendGet("model-versions/search?filter=" + encode(filter));
            List<ModelVersion> versions = json.readTree(answer)
                    .path("model_versions")
                    .valueStream()
                    .map(MlflowModelRegistry::toModelVersion)
                    .sorted((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())))
                    .toList();
            return versions.stream().findFirst();
        } catch (MlflowClientException e) {
            throw failure("search versions of " + name, e);
        }
    }

    /** Moves the alias, then tags the version with who moved it there, when and why ({@code prodcat.<alias>.*}). */
    @Override
    public void setAlias(String name, String alias, String version, AliasChange change) {
        Map<String, String> body = Map.of("name", name, "alias", alias, "version", version);
        try {
            client.sendPost("registered-models/alias", json.writeValueAsString(body));
            tagMove(name, version, alias, false, change);
        } catch (MlflowClientException e) {
            throw failure("set alias " + alias + " of " + name + " to version " + version, e);
        }
    }

    /**
     * Deletes the alias (mlflow-client has no DELETE: plain HTTP), then tags the version it named with who removed it,
     * when and why ({@code prodcat.<alias>.removed_*}).
     */
    @Override
    public void removeAlias(String name, String alias, AliasChange change) {
        Optional<ModelVersion> named = findByAlias(name, alias);
        if (named.isEmpty()) {
            return;
        }
        URI delete = trackingUri.resolve("api/2.0/mlflow/registered-models/alias");
        try {
            // the server reads a DELETE's parameters from its JSON body, like a POST's
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(delete)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .method(
                                    "DELETE",
                                    HttpRequest.BodyPublishers.ofString(
                                            json.writeValueAsString(Map.of("name", name, "alias", alias))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new TrackingException(
                        "MLflow registry: cannot remove alias " + alias + " of " + name + ": HTTP "
                                + answer.statusCode() + " " + answer.body(),
                        null);
            }
            tagMove(name, named.get().version(), alias, true, change);
        } catch (IOException e) {
            throw new TrackingException("MLflow registry: cannot remove alias " + alias + " of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("MLflow registry: interrupted removing alias " + alias, e);
        } catch (MlflowClientException e) {
            throw failure("tag version " + named.get().version() + " of " + name, e);
        }
    }

    /**
     * Who moved an alias, why and when, as tags of the version: {@code prodcat.<alias>.set_by|reason|set_at} for a
     * move there, {@code prodcat.<alias>.removed_by|removed_reason|removed_at} for a removal.
     */
    private void tagMove(String name, String version, String alias, boolean removed, AliasChange change) {
        List<String> keys =
                removed ? List.of("removed_by", "removed_reason", "removed_at") : List.of("set_by", "reason", "set_at");
        String prefix = "prodcat." + alias + ".";
        tag(name, version, prefix + keys.get(0), change.changedBy());
        tag(name, version, prefix + keys.get(1), change.reason());
        tag(name, version, prefix + keys.get(2), java.time.Instant.now().toString());
    }

    private void tag(String name, String version, String key, String value) {
        Map<String, String> body = Map.of("name", name, "version", version, "key", key, "value", value);
        client.sendPost("model-versions/set-tag", json.writeValueAsString(body));
    }

    @Override
    public Optional<ModelVersion> findVersion(String name, String version) {
        try {
            String answer = client.sendGet("model-versions/get?name=" + encode(name) + "&version=" + encode(version));
            return Optional.of(toModelVersion(json.readTree(answer).path("model_version")));
        } catch (MlflowHttpException e) {
            if (e.getStatusCode() == 404 || hasErrorCode(e, DOES_NOT_EXIST) || e.getStatusCode() == 400) {
                return Optional.empty(); // 400: not a version number
            }
            throw failure("read version " + version + " of " + name, e);
        } catch (MlflowClientException e) {
            throw failure("read version " + version + " of " + name, e);
        }
    }

    @Override
    public Optional<ModelVersion> findByAlias(String name, String alias) {
        try {
            String answer = client.sendGet("registered-models/alias?name=" + encode(name) + "&alias=" + encode(alias));
            return Optional.of(toModelVersion(json.readTree(answer).path("model_version")));
        } catch (MlflowHttpException e) {
            if (isMissingAlias(e)) {
                return Optional.empty();
            }
            throw failure("read alias " + alias + " of " + name, e);
        } catch (MlflowClientException e) {
            throw failure("read alias " + alias + " of " + name, e);
        }
    }

    private static ModelVersion toModelVersion(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags")
                .forEach(tag ->
                        tags.put(tag.path("key").asString(), tag.path("value").asString()));
        return new ModelVersion(
                node.path("name").asString(),
                node.path("version").asString(),
                node.path("source").asString(),
                node.path("run_id").asString(),
                tags);
    }

    /** MLflow answers 404 for an unknown model, 400 "alias … not found" for a model without that alias. */
    private static boolean isMissingAlias(MlflowHttpException e) {
        String body = e.getBodyMessage() == null ? "" : e.getBodyMessage();
        return e.getStatusCode() == 404
                || body.contains(DOES_NOT_EXIST)
                || (e.getStatusCode() == 400 && body.contains("alias") && body.contains("not found"));
    }

    private static boolean hasErrorCode(MlflowHttpException e, String code) {
        return e.getBodyMessage() != null && e.getBodyMessage().contains(code);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static TrackingException failure(String what, MlflowClientException e) {
        return new TrackingException("MLflow registry: cannot " + what + ": " + e.getMessage(), e);
    }
}
