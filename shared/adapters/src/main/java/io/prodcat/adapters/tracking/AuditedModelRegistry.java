package io.prodcat.adapters.tracking;

import io.prodcat.adapters.persistence.AliasChangeDao;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * A registry whose alias moves are also written to the ledger ({@code model_alias_change}: who, when, why), so the
 * history of promotions and rollbacks is in MySQL whichever registry holds the aliases. Wraps MLflow's; the ledger
 * registry keeps its aliases in that table itself. The move is made first: a ledger outage after it leaves the move
 * done and unrecorded, and the caller gets the failure (a retry moves nothing and records it).
 */
public final class AuditedModelRegistry implements ModelRegistry {

    private final ModelRegistry registry;
    private final Supplier<Jdbi> ledger;

    public AuditedModelRegistry(ModelRegistry registry, Supplier<Jdbi> ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    @Override
    public void setAlias(String name, String alias, String version, AliasChange change) {
        String previous =
                registry.findByAlias(name, alias).map(ModelVersion::version).orElse(null);
        registry.setAlias(name, alias, version, change);
        ledger.get()
                .onDemand(AliasChangeDao.class)
                .insert(new AliasChangeDao.Row(
                        name, alias, version, previous, change.changedBy(), change.reason(), Instant.now()));
    }

    @Override
    public void removeAlias(String name, String alias, AliasChange change) {
        Optional<ModelVersion> previous = registry.findByAlias(name, alias);
        if (previous.isEmpty()) {
            return;
        }
        registry.removeAlias(name, alias, change);
        ledger.get()
                .onDemand(AliasChangeDao.class)
                .insert(new AliasChangeDao.Row(
                        name,
                        alias,
                        null,
                        previous.get().version(),
                        change.changedBy(),
                        change.reason(),
                        Instant.now()));
    }

    @Override
    public void ensureRegisteredModel(String name) {
        registry.ensureRegisteredModel(name);
    }

    @Override
    public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
        return registry.createVersion(name, sourceUri, runId, tags);
    }

    @Override
    public Optional<ModelVersion> findVersionByRun(String name, String runId) {
        return registry.findVersionByRun(name, runId);
    }

    @Override
    public Optional<ModelVersion> findVersion(String name, String version) {
        return registry.findVersion(name, version);
    }

    @Override
    public Optional<ModelVersion> findByAlias(String name, String alias) {
        return registry.findByAlias(name, alias);
    }
}
