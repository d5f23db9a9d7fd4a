package io.prodcat.tracking;

import java.util.Map;
import java.util.Optional;

/**
 * A registry of model versions with movable aliases ({@code champion}). Every method throws
 * {@link TrackingException} when the registry fails; a name or alias that does not exist is not a
 * failure but an empty result.
 */
public interface ModelRegistry {

    /** Creates the registered model unless it exists already; safe to call concurrently. */
    void ensureRegisteredModel(String name);

    /** Registers a new version whose files are at {@code sourceUri}, produced by run {@code runId}. */
    ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags);

    /** The version that run {@code runId} registered under {@code name}, if any (lowest version first). */
    Optional<ModelVersion> findVersionByRun(String name, String runId);

    /** Points {@code alias} at {@code version}, moving it from any version it named before. */
    void setAlias(String name, String alias, String version);

    Optional<ModelVersion> findByAlias(String name, String alias);
}
