package io.prodcat.evaluate.rollout;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackDao.ScoredFeedback;
import io.prodcat.adapters.persistence.LedgerRegistryDao;
import io.prodcat.adapters.persistence.VersionTrafficDao;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.events.RolloutDecided;
import io.prodcat.function.support.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout check ({@code POST /rollout}, on a schedule): judges the challenger on what predict's instances
 * recorded since it became the challenger ({@code version_traffic}, feedback), and a champion promoted less than the
 * watch ago on what it did since. A decision is announced first ({@code io.prodcat.rollout.decided}, its id derived
 * from the alias move it answers, so a retry sends the same id) and then made: the alias moves, which the registry
 * records ({@code model_alias_change}: who and why; MLflow tags {@code prodcat.<alias>.*}).
 */
public class RolloutCheckJob {

    static final String BY = "rollout-check";
    private static final Logger LOG = LoggerFactory.getLogger(RolloutCheckJob.class);

    private final ModelAliases aliases;
    private final String modelName;
    private final AliasChangeDao aliasChanges;
    private final VersionTrafficDao traffic;
    private final FeedbackDao feedback;
    private final LedgerRegistryDao ledger;
    private final RolloutSettings settings;
    private final EventSink sink;
    private final Clock clock;

    public RolloutCheckJob(
            ModelRegistry registry,
            String modelName,
            AliasChangeDao aliasChanges,
            VersionTrafficDao traffic,
            FeedbackDao feedback,
            LedgerRegistryDao ledger,
            RolloutSettings settings,
            EventSink sink,
            Clock clock) {
        this.aliases = new ModelAliases(registry, modelName);
        this.modelName = modelName;
        this.aliasChanges = aliasChanges;
        this.traffic = traffic;
        this.feedback = feedback;
        this.ledger = ledger;
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
    }

    /** What the check found about one version: the decision and the figures behind it. */
    record Finding(
            String subject,
            String version,
            RolloutJudge.Decision decision,
            String reason,
            Map<String, Double> figures) {}

    /** The check's findings: the challenger's (if any), then the champion's (if it is still watched). */
    java.util.List<Finding> check() {
        java.util.List<Finding> findings = new java.util.ArrayList<>();
        Optional<ModelVersion> champion = aliases.champion();
        Optional<ModelVersion> challenger = aliases.challenger();
        Optional<ModelVersion> servedNow = champion;
        if (challenger.isPresent() && champion.isPresent()) {
            Finding judged = judgeChallenger(challenger.get(), champion.get());
            findings.add(judged);
            if (judged.decision() == RolloutJudge.Decision.PROMOTE) {
                servedNow = challenger; // the champion now, watched from this promotion on
            }
        }
        servedNow.flatMap(this::judgeFreshChampion).ifPresent(findings::add);
        return findings;
    }

    private Finding judgeChallenger(ModelVersion challenger, ModelVersion champion) {
        String version = challenger.version();
        Instant since = aliasChanges
                .latest(modelName, ModelAliases.CHALLENGER)
                .map(AliasChangeDao.Row::changedAt)
                .orElse(Instant.EPOCH);
        if (version.equals(champion.version())) {
            // promoted by an earlier check that stopped before removing the alias: finish it
            aliases.clearChallenger(new ModelRegistry.AliasChange(BY, "promoted to champion"));
            return new Finding("challenger", version, RolloutJudge.Decision.PROMOTE, "already the champion", Map.of());
        }
        Instant now = clock.instant();
        ScoredFeedback own = settings.mode().equals(RolloutSettings.SHADOW)
                ? feedback.shadowScoredBetween(version, since, now)
                : feedback.scoredBetween(version, since, now);
        RolloutJudge.Verdict verdict = new RolloutJudge(settings)
                .challenger(traffic.since(version, since), own, feedback.scoredBetween(champion.version(), since, now));
        switch (verdict.decision()) {
            case PROMOTE -> {
                announce("promoted", version, version, settings.mode(), verdict, since);
                ModelRegistry.AliasChange change = new ModelRegistry.AliasChange(
                        BY, "promoted from challenger (" + settings.mode() + "): " + verdict.reason());
                aliases.crown(version, change);
                ledger.markPromoted(version);
                aliases.clearChallenger(change);
            }
            case RETIRE -> {
                announce("retired", version, champion.version(), settings.mode(), verdict, since);
                aliases.clearChallenger(
                        new ModelRegistry.AliasChange(BY, "retired (" + settings.mode() + "): " + verdict.reason()));
            }
            default -> {
                // WAIT: nothing changes
            }
        }
        log("challenger", version, verdict);
        return new Finding("challenger", version, verdict.decision(), verdict.reason(), verdict.figures());
    }

    /**
     * A champion promoted less than the watch ago (by evaluate's gate or by this check; not by a rollback, and not by
     * a person, whose choice stands) with a version before it: judged.
     */
    private Optional<Finding> judgeFreshChampion(ModelVersion champion) {
        Optional<AliasChangeDao.Row> moved = aliasChanges.latest(modelName, ModelAliases.CHAMPION);
        if (moved.isEmpty()
                || !champion.version().equals(moved.get().version())
                || moved.get().previousVersion() == null
                || !(moved.get().changedBy().equals("evaluate")
                        || moved.get().changedBy().equals(BY))
                || moved.get().reason().startsWith(ROLLED_BACK)
                || moved.get().changedAt().isBefore(clock.instant().minus(settings.championWatch()))) {
            return Optional.empty();
        }
        Instant since = moved.get().changedAt();
        String previous = moved.get().previousVersion();
        RolloutJudge.Verdict verdict = new RolloutJudge(settings)
                .freshChampion(
                        traffic.since(champion.version(), since),
                        feedback.scoredBetween(champion.version(), since, clock.instant()));
        if (verdict.decision() == RolloutJudge.Decision.ROLL_BACK) {
            announce("rolled_back", champion.version(), previous, "champion", verdict, since);
            aliases.crown(
                    previous,
                    new ModelRegistry.AliasChange(
                            BY, ROLLED_BACK + " from version " + champion.version() + ": " + verdict.reason()));
        }
        log("champion", champion.version(), verdict);
        return Optional.of(
                new Finding("champion", champion.version(), verdict.decision(), verdict.reason(), verdict.figures()));
    }

    /** How an automatic rollback's reason starts: a champion put back by one is not watched again. */
    static final String ROLLED_BACK = "automatic rollback";

    private void announce(
            String decision,
            String version,
            String championAfter,
            String mode,
            RolloutJudge.Verdict verdict,
            Instant since) {
        String id = UUID.nameUUIDFromBytes(
                        (modelName + "|" + decision + "|" + version + "|" + since).getBytes(StandardCharsets.UTF_8))
                .toString();
        sink.send(
                id,
                new RolloutDecided(
                        decision, modelName, version, championAfter, mode, verdict.reason(), verdict.figures()));
    }

    private static void log(String subject, String version, RolloutJudge.Verdict verdict) {
        LOG.info(
                "rollout check: {} version {}: {} ({}) {}",
                subject,
                version,
                verdict.decision(),
                verdict.reason(),
                verdict.figures());
    }
}
