package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.GateRecord;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.model.Lineage;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.evaluate.gate.QualityGate;
import io.prodcat.evaluate.rollout.RolloutSettings;
import io.prodcat.events.TrainingCompleted;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scored model becomes: a registry version (once per run), the gate's verdict against the champion (recorded
 * before an alias moves, so a fault after it does not lose it and a redelivery never skips it), then the alias move:
 * {@code champion}, or {@code challenger} when a rollout mode puts it on trial first.
 */
class Promotion {

    private static final Logger LOG = LoggerFactory.getLogger(Promotion.class);

    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final ModelMetricsDao metrics;
    private final Gate gate;
    private final RolloutSettings rollout;
    private final AliasChangeDao aliasChanges;

    /** The quality gate's judgement of a candidate against the champion ({@code Gatekeeper#judge}). */
    @FunctionalInterface
    interface Gate {
        QualityGate.Verdict judge(
                Optional<ModelVersion> champion,
                String candidateVersion,
                LinearClassifier candidate,
                Evaluation evaluation,
                List<LabelledText> heldOut,
                TrainingCompleted done,
                long metricsId);
    }

    Promotion(
            ModelRegistry registry,
            ModelAliases aliases,
            ModelMetricsDao metrics,
            Gate gate,
            RolloutSettings rollout,
            AliasChangeDao aliasChanges) {
        this.registry = registry;
        this.aliases = aliases;
        this.metrics = metrics;
        this.gate = gate;
        this.rollout = rollout;
        this.aliasChanges = aliasChanges;
    }

    EvaluateOutcome decide(
            TrainingCompleted done,
            UUID trainingId,
            Scoring.Scored scored,
            Optional<ModelVersion> champion,
            LinearClassifier model,
            List<LabelledText> heldOut) {
        ModelVersion version = register(done, trainingId, scored, model);
        ScoredVersion figures = new ScoredVersion(
                trainingId.toString(),
                done.runId(),
                aliases.modelName(),
                version.version(),
                done.weightsUri(),
                scored.evaluation(),
                scored.heldOutRows());
        if (champion.isPresent() && champion.get().version().equals(version.version())) {
            // the alias was set by an earlier attempt (or a concurrent delivery): finish and announce again
            metrics.markPromoted(trainingId);
            return new EvaluateOutcome.Promoted(figures.promoted("already the champion (a redelivered event)"));
        }
        QualityGate.Verdict verdict = verdict(scored, champion, version.version(), model, heldOut, done);
        if (verdict.promote() && rollout.trialFirst() && champion.isPresent()) {
            return onTrial(figures, version, verdict);
        }
        if (verdict.promote()) {
            aliases.crown(
                    version.version(), new ModelRegistry.AliasChange("evaluate", "quality gate: " + verdict.reason()));
            metrics.markPromoted(trainingId);
        }
        LOG.info(
                "training {}: held-out macro-F1 {} min-F1 {} on {} rows; version {} {}promoted: {}",
                trainingId,
                scored.evaluation().macroF1(),
                scored.evaluation().minF1(),
                scored.heldOutRows(),
                version.version(),
                verdict.promote() ? "" : "not ",
                verdict.reason());
        return verdict.promote()
                ? new EvaluateOutcome.Promoted(figures.promoted(verdict.reason()))
                : new EvaluateOutcome.NotPromoted(figures.completed(false, verdict.reason()));
    }

    /**
     * The run's registry version: the one an earlier attempt made, else a new one, tagged with its training and, when
     * it followed a parent (a warm start), the parent's version and the start validation kept.
     */
    private ModelVersion register(
            TrainingCompleted done, UUID trainingId, Scoring.Scored scored, LinearClassifier model) {
        registry.ensureRegisteredModel(aliases.modelName());
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("training_id", trainingId.toString());
        tags.put("test_macro_f1", Double.toString(scored.evaluation().macroF1()));
        Lineage lineage = model.provenance().lineage();
        if (lineage != null) {
            tags.put("parent_version", String.valueOf(lineage.parentVersion()));
            tags.put("start", lineage.start());
        }
        ModelVersion version = registry.findVersionByRun(aliases.modelName(), done.runId())
                .orElseGet(() -> registry.createVersion(aliases.modelName(), done.weightsUri(), done.runId(), tags));
        metrics.setModelVersion(scored.metricsId(), version.version());
        return version;
    }

    /**
     * A version that passed the gate while a rollout mode is set: it becomes the {@code challenger} (once: a
     * redelivery, or one that comes after the rollout check retired it, does not put it on trial again) and the
     * rollout check ({@code POST /rollout}) decides on predict's figures. Without a champion there is nothing to
     * compare with, and the version is promoted at once.
     */
    private EvaluateOutcome onTrial(ScoredVersion figures, ModelVersion version, QualityGate.Verdict verdict) {
        String reason = "quality gate: " + verdict.reason() + "; on trial as the challenger (" + rollout.mode() + ")";
        if (!aliasChanges.everNamed(aliases.modelName(), ModelAliases.CHALLENGER, version.version())) {
            aliases.nominate(version.version(), new ModelRegistry.AliasChange("evaluate", reason));
            LOG.info("version {} passed the gate and is the challenger ({})", version.version(), rollout.mode());
        }
        return new EvaluateOutcome.OnTrial(figures.completed(false, reason));
    }

    /** The gate's verdict: the one recorded when it was judged against the same champion, else judged now and recorded. */
    private QualityGate.Verdict verdict(
            Scoring.Scored scored,
            Optional<ModelVersion> champion,
            String candidateVersion,
            LinearClassifier candidate,
            List<LabelledText> heldOut,
            TrainingCompleted done) {
        String championVersion = champion.map(ModelVersion::version).orElse(null);
        GateRecord recorded = metrics.gate(scored.metricsId());
        if (recorded.judged() && Objects.equals(recorded.gateChampion(), championVersion)) {
            return new QualityGate.Verdict(recorded.promote(), recorded.gateReason());
        }
        QualityGate.Verdict verdict = gate.judge(
                champion, candidateVersion, candidate, scored.evaluation(), heldOut, done, scored.metricsId());
        metrics.recordGate(
                scored.metricsId(),
                new GateRecord(verdict.promote() ? "PROMOTE" : "KEEP", verdict.reason(), championVersion));
        return verdict;
    }
}
