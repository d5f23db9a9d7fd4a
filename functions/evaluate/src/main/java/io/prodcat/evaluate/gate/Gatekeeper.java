package io.prodcat.evaluate.gate;

import io.prodcat.adapters.persistence.FeedbackExportDao;
import io.prodcat.adapters.persistence.GateReferenceDao;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.evaluation.PairedComparison;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFormatException;
import io.prodcat.events.TrainingCompleted;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality gate as evaluate applies it. The candidate must reach the floor; against a champion it must hold its
 * own on the held-out rows neither trained on ({@link FairComparison}) and on the trusted reference
 * ({@link ReferenceSet}), in macro-F1 and class by class. Every version's figures on the reference are recorded, so a
 * champion whose weights cannot be loaded is compared by its recorded figures, and the first model's are the baseline.
 */
public record Gatekeeper(
        FairComparison comparison,
        ReferenceSet reference,
        GateReferenceDao scores,
        FeedbackExportDao exports,
        Function<String, LinearClassifier> loader,
        Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);

    public QualityGate.Verdict judge(
            Optional<ModelVersion> champion,
            String candidateVersion,
            LinearClassifier candidate,
            Evaluation evaluation,
            List<LabelledText> heldOut,
            TrainingCompleted done,
            long metricsId) {
        Optional<ReferenceSet.Rows> trusted;
        try {
            trusted = reference.forTraining(
                    S3Location.parse(done.weightsUri()).bucket(),
                    done.trainingId(),
                    exports.feedbackIn(done.datasetHash()) == 0,
                    heldOut,
                    new DatasetSchema(done.textColumns(), done.labelColumn()));
        } catch (DatasetException e) {
            // a reference set that cannot be read cannot vouch for it: not promoted
            return new QualityGate.Verdict(false, "the trusted reference set cannot be used: " + e.getMessage());
        }
        Evaluation onReference =
                trusted.map(rows -> Evaluator.evaluate(candidate, rows.rows())).orElse(null);
        trusted.ifPresent(rows -> {
            RecordedScore.of(onReference)
                    .record(scores, candidateVersion, rows.reference().id(), clock.instant());
            scores.judgedOn(metricsId, rows.reference().id());
        });
        QualityGate gate = comparison.gate();
        if (champion.isEmpty()) {
            return gate.judge(evaluation, null);
        }
        LinearClassifier championModel;
        try {
            championModel = loader.apply(champion.get().sourceUri());
        } catch (ObjectNotFoundException | ModelFormatException | IllegalArgumentException e) {
            return withoutItsWeights(champion.get(), e, evaluation, trusted, onReference);
        }
        QualityGate.Verdict onHoldout = comparison.judge(champion.get(), championModel, candidate, heldOut);
        if (!onHoldout.promote() || trusted.isEmpty()) {
            if (trusted.isEmpty()) {
                LOG.info("no trusted reference set yet (no pinned CSV, no feedback-free training)");
            }
            return onHoldout;
        }
        PairedComparison paired =
                PairedComparison.of(candidate, championModel, trusted.get().rows());
        RecordedScore championScore = RecordedScore.of(paired.champion());
        championScore.record(
                scores, champion.get().version(), trusted.get().reference().id(), clock.instant());
        return reference
                .refusal(paired.candidate(), championScore, trusted.get().source(), paired)
                .orElse(onHoldout);
    }

    /**
     * A champion whose weights are deleted, damaged or not in S3: compared by its recorded figures on the reference;
     * without them, judged as if there were none, so that a better model can replace it (an unreachable store is an
     * outage instead, 503, and never gets here).
     */
    private QualityGate.Verdict withoutItsWeights(
            ModelVersion champion,
            RuntimeException cause,
            Evaluation evaluation,
            Optional<ReferenceSet.Rows> trusted,
            Evaluation onReference) {
        String why = "the champion (version " + champion.version() + ") cannot be compared: its weights "
                + (cause instanceof ObjectNotFoundException
                        ? "are missing"
                        : cause instanceof ModelFormatException
                                ? "are damaged"
                                : "are not in S3 (" + champion.sourceUri() + ")");
        LOG.warn("{} ({})", why, champion.sourceUri());
        QualityGate.Verdict alone = comparison.gate().judge(evaluation, null);
        Optional<RecordedScore> recorded = trusted.flatMap(
                rows -> scores.score(champion.version(), rows.reference().id()).map(RecordedScore::of));
        if (recorded.isEmpty() || !alone.promote()) {
            return new QualityGate.Verdict(alone.promote(), why + "; judged without a champion: " + alone.reason());
        }
        String source = trusted.get().source();
        return reference
                .refusal(onReference, recorded.get(), source, null)
                .map(refusal -> new QualityGate.Verdict(false, why + "; " + refusal.reason()))
                .orElse(new QualityGate.Verdict(
                        true,
                        String.format(
                                Locale.ROOT,
                                "%s; compared by its recorded figures on the trusted reference set (%s): macro-F1"
                                        + " %.4f against its %.4f",
                                why,
                                source,
                                onReference.macroF1(),
                                recorded.get().macroF1())));
    }
}
