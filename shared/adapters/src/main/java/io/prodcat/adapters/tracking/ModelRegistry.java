package io.prodcat.adapters.tracking;

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

    /** Who moves an alias and why: kept with the move (ledger table {@code model_alias_change}, MLflow tags). */
    record AliasChange(String changedBy, String reason) {}

    /**
     * Points {@code alias} at {@code version}, moving it from any version it named before, and records who and why
     * ({@link AuditedModelRegistry} and {@link LedgerModelRegistry} in {@code model_alias_change}; MLflow as tags
     * of the version).
     */
    void setAlias(String name, String alias, String version, AliasChange change);

    /**
     * Removes {@code alias} (a challenger retired or promoted), recording who and why like {@link #setAlias}; nothing
     * happens when the alias names no version.
     */
    void removeAlias(String name, String alias, AliasChange change);

    /** The version with that number, if it exists. */
    Optional<ModelVersion> findVersion(String name, String version);

    Optional<ModelVersion> findByAlias(String name, String alias);
}
