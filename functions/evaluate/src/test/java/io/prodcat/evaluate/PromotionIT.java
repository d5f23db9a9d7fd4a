package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.storage.MinioObjectStore;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.adapters.tracking.UntrackedRuns;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.evaluate.gate.QualityGate;
import io.prodcat.evaluate.rollout.RolloutSettings;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import io.prodcat.testkit.S3Extension;
import io.prodcat.testkit.S3Server;
import io.prodcat.testkit.SyntheticCatalog;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promotion on its own (gate → version → alias), on the ledger registry in a real MariaDB: the gate's verdict is
 * recorded before an alias moves and reused on a redelivery against the same champion; a rollout mode puts a passing
 * version on trial as the challenger once. The gate here is a fixed verdict that counts its calls: what the gate
 * decides is {@code QualityGateTest}'s and the function ITs' subject, not this one's.
 */
@ExtendWith({MariaDbExtension.class, S3Extension.class})
class PromotionIT {

    private Jdbi jdbi;
    private ModelRegistry registry;
    private ModelAliases aliases;
    private TrainedModels trainings;
    private ObjectStore store;
    private Scoring scoring;
    private final AtomicInteger judged = new AtomicInteger();

    @BeforeEach
    void ledger(MariaDbServer mariaDb, S3Server s3) {
        String url = mariaDb.createDatabase(
                "promotion_" + UUID.randomUUID().toString().substring(0, 8));
        var dataSource = mariaDb.dataSource(url);
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        registry = new LedgerModelRegistry(jdbi);
        aliases = new ModelAliases(registry, "promotion-it");
        store = MinioObjectStore.connect(s3.endpoint(), s3.accessKey(), s3.secretKey());
        trainings = new TrainedModels(store, jdbi, new UntrackedRuns());
        scoring = new Scoring(
                jdbi.onDemand(ModelMetricsDao.class),
                jdbi.onDemand(io.prodcat.adapters.persistence.FeedbackDao.class),
                new RunReport(new UntrackedRuns(), UntrackedRuns.NO_ARTIFACTS),
                Clock.systemUTC());
    }

    @Test
    void withoutAChampionAPassingVersionIsCrownedAndARedeliveryIsAlreadyTheChampion() throws Exception {
        Promotion promotion = promotion(true, "direct");
        Trained first = trained("first", 1);

        EvaluateOutcome outcome = first.decide(promotion, aliases.champion());
        assertThat(outcome).isInstanceOf(EvaluateOutcome.Promoted.class);
        String version = aliases.champion().orElseThrow().version();
        assertThat(jdbi.onDemand(ModelMetricsDao.class)
                        .gate(first.scored.metricsId())
                        .promote())
                .isTrue();

        EvaluateOutcome again = first.decide(promotion, aliases.champion());
        assertThat(again).isInstanceOf(EvaluateOutcome.Promoted.class);
        assertThat(aliases.champion().orElseThrow().version()).isEqualTo(version);
        assertThat(judged).hasValue(1); // the redelivery did not judge again
    }

    @Test
    void aKeptVerdictLeavesTheChampionAndIsReusedAgainstTheSameChampion() throws Exception {
        promotionOf(trained("champion", 2), true, "direct");
        String champion = aliases.champion().orElseThrow().version();
        Trained candidate = trained("candidate", 3);

        EvaluateOutcome kept = candidate.decide(promotion(false, "direct"), aliases.champion());
        assertThat(kept).isInstanceOf(EvaluateOutcome.NotPromoted.class);
        assertThat(aliases.champion().orElseThrow().version()).isEqualTo(champion);
        int judgedBefore = judged.get();

        // a redelivery whose gate would now pass keeps the recorded verdict: it was judged against this champion
        EvaluateOutcome redelivered = candidate.decide(promotion(true, "direct"), aliases.champion());
        assertThat(redelivered).isInstanceOf(EvaluateOutcome.NotPromoted.class);
        assertThat(judged).hasValue(judgedBefore);
        assertThat(aliases.champion().orElseThrow().version()).isEqualTo(champion);
    }

    @Test
    void inShadowModeAPassingVersionIsTheChallengerOnceAndTheChampionStays() throws Exception {
        promotionOf(trained("champion", 4), true, "direct");
        String champion = aliases.champion().orElseThrow().version();
        Trained candidate = trained("candidate", 5);
        Promotion shadow = promotion(true, "shadow");

        assertThat(candidate.decide(shadow, aliases.champion())).isInstanceOf(EvaluateOutcome.OnTrial.class);
        String challenger = aliases.challenger().orElseThrow().version();
        assertThat(challenger).isNotEqualTo(champion);
        assertThat(aliases.champion().orElseThrow().version()).isEqualTo(champion);

        // retired by the rollout check; a redelivery does not put it on trial again
        aliases.clearChallenger(new ModelRegistry.AliasChange("test", "retired"));
        assertThat(candidate.decide(shadow, aliases.champion())).isInstanceOf(EvaluateOutcome.OnTrial.class);
        assertThat(aliases.challenger()).isEmpty();
        assertThat(jdbi.onDemand(AliasChangeDao.class).everNamed("promotion-it", "challenger", challenger))
                .isTrue();
    }

    private void promotionOf(Trained trained, boolean pass, String mode) {
        assertThat(trained.decide(promotion(pass, mode), aliases.champion()))
                .isInstanceOf(EvaluateOutcome.Promoted.class);
    }

    private Promotion promotion(boolean pass, String mode) {
        Promotion.Gate gate = (champion, version, candidate, evaluation, heldOut, done, metricsId) -> {
            judged.incrementAndGet();
            return new QualityGate.Verdict(pass, pass ? "fixed: pass" : "fixed: keep");
        };
        return new Promotion(
                registry,
                aliases,
                jdbi.onDemand(ModelMetricsDao.class),
                gate,
                new RolloutSettings(mode, 100, 0.5, 20, 0.05, 0.5, java.time.Duration.ofHours(1)),
                jdbi.onDemand(AliasChangeDao.class));
    }

    private Trained trained(String name, long seed) throws Exception {
        TrainingCompleted done = trainings.trained(name, SyntheticCatalog.csv(300, seed), UnaryOperator.identity());
        LinearClassifier model = EvaluationJob.load(store, done.weightsUri());
        List<LabelledText> heldOut = new HoldoutSource.Manifest(done.holdoutManifestUri()).rows(store, done);
        UUID id = UUID.fromString(done.trainingId());
        return new Trained(done, id, model, heldOut, scoring.score(done, id, model, heldOut));
    }

    private record Trained(
            TrainingCompleted done,
            UUID id,
            LinearClassifier model,
            List<LabelledText> heldOut,
            Scoring.Scored scored) {
        EvaluateOutcome decide(Promotion promotion, Optional<ModelVersion> champion) {
            return promotion.decide(done, id, scored, champion, model, heldOut);
        }
    }
}
