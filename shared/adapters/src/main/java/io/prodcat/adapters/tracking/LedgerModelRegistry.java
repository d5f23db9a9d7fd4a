package io.prodcat.adapters.tracking;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.LedgerRegistryDao;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The model registry kept in the ledger tables, for when MLflow is switched off ({@link UntrackedRuns}): a version
 * is the {@code model_metrics.model_version} of a training's evaluation, its weights the training's
 * {@code auto_training.weights_s3}. An alias ({@code champion}, {@code challenger}) names the version of its latest
 * {@code model_alias_change} row, so any registered version can be named again (a rollback); before any such row,
 * {@code champion} is the latest-evaluated promoted version, as earlier releases kept it. Moving {@code champion}
 * also marks the version promoted in {@code model_metrics}. The SQL is in {@link LedgerRegistryDao} and
 * {@link AliasChangeDao}.
 */
public final class LedgerModelRegistry implements ModelRegistry {

    private static final String CHAMPION = "champion";
    private static final Set<String> ALIASES = Set.of(CHAMPION, "challenger");

    private final Jdbi jdbi;
    private final LedgerRegistryDao ledger;
    private final AliasChangeDao aliases;

    public LedgerModelRegistry(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.ledger = jdbi.onDemand(LedgerRegistryDao.class);
        this.aliases = jdbi.onDemand(AliasChangeDao.class);
    }

    @Override
    public void ensureRegisteredModel(String name) {}

    /** The next number; it is stored when the evaluation records it in {@code model_metrics.model_version}. */
    @Override
    public ModelVersion createVersion(String name, String sourceUri, String runId, Map<String, String> tags) {
        return new ModelVersion(name, Integer.toString(ledger.nextVersion()), sourceUri, runId, tags);
    }

    @Override
    public Optional<ModelVersion> findVersionByRun(String name, String runId) {
        return ledger.findByRun(runId).map(row -> version(name, row));
    }

    @Override
    public Optional<ModelVersion> findVersion(String name, String version) {
        return ledger.findVersion(version).map(row -> version(name, row));
    }

    @Override
    public void setAlias(String name, String alias, String version, AliasChange change) {
        requireKnown(alias);
        jdbi.useTransaction(handle -> {
            String previous = current(
                            handle.attach(AliasChangeDao.class), handle.attach(LedgerRegistryDao.class), name, alias)
                    .orElse(null);
            handle.attach(AliasChangeDao.class)
                    .insert(new AliasChangeDao.Row(
                            name, alias, version, previous, change.changedBy(), change.reason(), Instant.now()));
            if (CHAMPION.equals(alias)) {
                handle.attach(LedgerRegistryDao.class).markPromoted(version);
            }
        });
    }

    @Override
    public void removeAlias(String name, String alias, AliasChange change) {
        requireKnown(alias);
        jdbi.useTransaction(handle -> {
            Optional<String> previous =
                    current(handle.attach(AliasChangeDao.class), handle.attach(LedgerRegistryDao.class), name, alias);
            if (previous.isPresent()) {
                handle.attach(AliasChangeDao.class)
                        .insert(new AliasChangeDao.Row(
                                name, alias, null, previous.get(), change.changedBy(), change.reason(), Instant.now()));
            }
        });
    }

    @Override
    public Optional<ModelVersion> findByAlias(String name, String alias) {
        requireKnown(alias);
        return current(aliases, ledger, name, alias)
                .flatMap(ledger::findVersion)
                .map(row -> version(name, row));
    }

    /** The version the alias names: its latest move, else (champion only) the latest promoted evaluation. */
    private static Optional<String> current(
            AliasChangeDao aliases, LedgerRegistryDao ledger, String name, String alias) {
        Optional<AliasChangeDao.Row> moved = aliases.latest(name, alias);
        if (moved.isPresent()) {
            return Optional.ofNullable(moved.get().version());
        }
        return CHAMPION.equals(alias)
                ? ledger.findChampion().map(LedgerRegistryDao.VersionRow::modelVersion)
                : Optional.empty();
    }

    private static ModelVersion version(String name, LedgerRegistryDao.VersionRow row) {
        return new ModelVersion(name, row.modelVersion(), row.weightsS3(), row.runId(), Map.of());
    }

    private static void requireKnown(String alias) {
        if (!ALIASES.contains(alias)) {
            throw new TrackingException(
                    "the ledger registry knows only aliases " + ALIASES + ", not '" + alias + "'", null);
        }
    }
}
