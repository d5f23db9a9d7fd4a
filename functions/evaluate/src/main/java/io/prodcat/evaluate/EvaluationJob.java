package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.AliasChangeDao;
import io.prodcat.adapters.persistence.BackOffRow;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.GateRecord;
import io.prodcat.adapters.persistence.LevelMetricsRow;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.evaluation.HierarchicalEvaluator;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.model.ModelFormatException;
import io.prodcat.evaluate.drift.DriftReference;
import io.prodcat.evaluate.gate.Gatekeeper;
import io.prodcat.evaluate.gate.QualityGate;
import io.prodcat.evaluate.rollout.RolloutSettings;
import io.prodcat.events.EvaluationCompleted;
import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.HeapBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of {@code training.completed}: score the model on the rows training held out (and on feedback it
 * never saw), record {@code model_metrics}, log to MLflow, register a version and move {@code champion} if the
 * quality gate passes. Every step is idempotent, so a redelivery or a retry after an outage records nothing twice.
 */
class EvaluationJob {

    static final String HOLDOUT = "holdout";
    static final String FEEDBACK = "feedback";
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);

    private final ObjectStore store;
    private final TrainingDao trainings;
    private final ModelMetricsDao metrics;
    private final FeedbackDao feedback;
    private final RunReport report;
    private final ModelRegistry registry;
    private final String modelName;
    private final Gatekeeper gatekeeper;
    private final HeapBudget heap;
    private final Clock clock;
    private final RolloutSettings rollout;
    private final AliasChangeDao aliasChanges;

    EvaluationJob(
            ObjectStore store,
            TrainingDao trainings,
            ModelMetricsDao metrics,
            FeedbackDao feedback,
            RunReport report,
            ModelRegistry registry,
            String modelName,
            Gatekeeper gatekeeper,
            HeapBudget heap,
            Clock clock,
            RolloutSettings rollout,
            AliasChangeDao aliasChanges) {
        this.store = store;
        this.trainings = trainings;
        this.metrics = metrics;
        this.feedback = feedback;
        this.report = report;
        this.registry = registry;
        this.modelName = modelName;
        this.gatekeeper = gatekeeper;
        this.heap = heap;
        this.clock = clock;
        this.rollout = rollout;
        this.aliasChanges = aliasChanges;
    }

    /** The same job on an instance whose heap is {@code other}. */
    EvaluationJob onHeap(HeapBudget other) {
        return new EvaluationJob(
                store,
                trainings,
                metrics,
                feedback,
                report,
                registry,
                modelName,
                gatekeeper,
                other,
                clock,
                rollout,
                aliasChanges);
    }

    /**
     * @param holdout where the rows the training held out are
     * @throws BadInput when the event's training id is not a UUID
     */
    EvaluateOutcome run(TrainingCompleted done, HoldoutSource holdout) {
        UUID trainingId = parseId(done.trainingId());
        Optional<TrainingRecord> training = trainings.findById(trainingId);
        if (training.isEmpty()) {
            return failed(done, "unknown training id " + trainingId);
        }
        if (training.get().status() != TrainingStatus.FINISHED) {
            return failed(
                    done, "training " + trainingId + " is " + training.get().status() + ", not FINISHED");
        }
        Optional<String> disagreement = LedgerCheck.disagreement(done, holdout, training.get());
        if (disagreement.isPresent()) {
            LOG.warn("refused training.completed for training {}: {}", trainingId, disagreement.get());
            return failed(done, "the event disagrees with the ledger: " + disagreement.get());
        }
        Optional<ModelVersion> champion = registry.findByAlias(modelName, "champion");
        Optional<ModelMetricsRow> recorded = metrics.findByTraining(trainingId, HOLDOUT);
        if (recorded.isPresent() && recorded.get().modelVersion() != null) {
            Optional<EvaluateOutcome> finished = finished(done, recorded.get(), champion);
            if (finished.isPresent()) {
                return finished.get();
            }
        }
        // first delivery, or a redelivery after a fault: every step below is done once, whatever ran before
        // what a retry cannot mend is a final evaluation.failed: a model file or dataset that is gone or damaged
        Optional<String> tooLarge = memoryRefusal(done, champion);
        if (tooLarge.isPresent()) {
            LOG.warn("training {}: {}", trainingId, tooLarge.get());
            return failed(done, tooLarge.get());
        }
        LinearClassifier model;
        List<LabelledText> heldOut;
        try {
            model = load(store, done.weightsUri());
            heldOut = holdout.rows(store, done);
        } catch (DatasetException e) {
            return failed(done, e.getMessage());
        } catch (ModelFormatException e) {
            LOG.warn("training {}: model file {} is damaged: {}", trainingId, done.weightsUri(), e.getMessage());
            return failed(done, "the training's model file is damaged: " + e.getMessage());
        } catch (ObjectNotFoundException e) {
            LOG.warn("training {}: {}", trainingId, e.getMessage());
            return failed(done, "the training's model file, dataset or holdout manifest is gone");
        }
        Evaluation evaluation = Evaluator.evaluate(model, heldOut);
        // the baseline the drift check compares the served answers with, beside the weights (same bytes on a retry)
        DriftReference.of(model, heldOut).store(store, done.weightsUri());
        long metricsId = record(trainingId, done.runId(), HOLDOUT, evaluation);
        HierarchicalEvaluator.Result hierarchy = recordHierarchy(metricsId, model, heldOut);
        // waiting feedback no training has seen (consumed rows may be in this model's data; held rows are untrusted)
        List<LabelledText> unseen = feedback.unconsumed(100_000).stream()
                .map(row -> new LabelledText(row.text(), row.trueLabel()))
                .toList();
        Evaluation onFeedback = unseen.isEmpty() ? null : Evaluator.evaluate(model, unseen);
        if (onFeedback != null) {
            record(trainingId, done.runId(), FEEDBACK, onFeedback);
        }
        if (!metrics.reported(metricsId)) {
            report.log(done.runId(), evaluation, hierarchy, onFeedback, metrics.history(HOLDOUT, 30));
            metrics.markReported(metricsId);
        }

        registry.ensureRegisteredModel(modelName);
        ModelVersion version = registry.findVersionByRun(modelName, done.runId())
                .orElseGet(() -> registry.createVersion(
                        modelName,
                        done.weightsUri(),
                        done.runId(),
                        Map.of(
                                "training_id",
                                trainingId.toString(),
                                "test_macro_f1",
                                Double.toString(evaluation.macroF1()))));
        metrics.setModelVersion(metricsId, version.version());
        ScoredVersion scored = new ScoredVersion(
                trainingId.toString(),
                done.runId(),
                modelName,
                version.version(),
                done.weightsUri(),
                evaluation,
                heldOut.size());
        if (champion.isPresent() && champion.get().version().equals(version.version())) {
            // the alias was set by an earlier attempt (or a concurrent delivery): finish and announce again
            metrics.markPromoted(trainingId);
            return new EvaluateOutcome.Promoted(scored.promoted("already the champion (a redelivered event)"));
        }
        QualityGate.Verdict verdict = verdict(metricsId, champion, version.version(), model, evaluation, heldOut, done);
        if (verdict.promote() && rollout.trialFirst() && champion.isPresent()) {
            return onTrial(scored, version, verdict);
        }
        if (verdict.promote()) {
            registry.setAlias(
                    modelName,
                    "champion",
                    version.version(),
                    new ModelRegistry.AliasChange("evaluate", "quality gate: " + verdict.reason()));
            metrics.markPromoted(trainingId);
        }
        LOG.info(
                "training {}: held-out macro-F1 {} min-F1 {} on {} rows; version {} {}promoted: {}",
                trainingId,
                evaluation.macroF1(),
                evaluation.minF1(),
                heldOut.size(),
                version.version(),
                verdict.promote() ? "" : "not ",
                verdict.reason());
        return verdict.promote()
                ? new EvaluateOutcome.Promoted(scored.promoted(verdict.reason()))
                : new EvaluateOutcome.NotPromoted(scored.completed(false, verdict.reason()));
    }

    /**
     * A version that passed the gate while a rollout mode is set: it becomes the {@code challenger} (once: a
     * redelivery, or one that comes after the rollout check retired it, does not put it on trial again) and the
     * rollout check ({@code POST /rollout}) decides on predict's figures. Without a champion there is nothing to
     * compare with, and the version is promoted at once.
     */
    private EvaluateOutcome onTrial(ScoredVersion scored, ModelVersion version, QualityGate.Verdict verdict) {
        String reason = "quality gate: " + verdict.reason() + "; on trial as the challenger (" + rollout.mode() + ")";
        if (!aliasChanges.everNamed(modelName, "challenger", version.version())) {
            registry.setAlias(
                    modelName, "challenger", version.version(), new ModelRegistry.AliasChange("evaluate", reason));
            LOG.info("version {} passed the gate and is the challenger ({})", version.version(), rollout.mode());
        }
        return new EvaluateOutcome.OnTrial(scored.completed(false, reason));
    }

    /**
     * The gate's verdict: the one recorded when it was judged against the same champion, else judged now and
     * recorded before the alias is touched (so a fault after it does not lose it, and a redelivery never skips it).
     */
    private QualityGate.Verdict verdict(
            long metricsId,
            Optional<ModelVersion> champion,
            String candidateVersion,
            LinearClassifier candidate,
            Evaluation evaluation,
            List<LabelledText> heldOut,
            TrainingCompleted done) {
        String championVersion = champion.map(ModelVersion::version).orElse(null);
        GateRecord recorded = metrics.gate(metricsId);
        if (recorded.judged() && java.util.Objects.equals(recorded.gateChampion(), championVersion)) {
            return new QualityGate.Verdict(recorded.promote(), recorded.gateReason());
        }
        QualityGate.Verdict verdict =
                gatekeeper.judge(champion, candidateVersion, candidate, evaluation, heldOut, done, metricsId);
        metrics.recordGate(
                metricsId, new GateRecord(verdict.promote() ? "PROMOTE" : "KEEP", verdict.reason(), championVersion));
        return verdict;
    }

    /**
     * A redelivery of an evaluation that went all the way: the stored figures, nothing changed; a promotion is
     * announced again (the first announcement may not have reached the Broker; predict takes it twice). Empty when
     * a step is unfinished: the gate has not judged, or judged to promote but the alias is not this version and the
     * champion is still the one it was compared against.
     */
    private Optional<EvaluateOutcome> finished(
            TrainingCompleted done, ModelMetricsRow row, Optional<ModelVersion> champion) {
        boolean isChampion = champion.map(current -> current.version().equals(row.modelVersion()))
                .orElse(false);
        GateRecord gate = metrics.gate(row.id());
        if (!isChampion && (!gate.judged() || gate.promote())) {
            return Optional.empty();
        }
        if (isChampion) {
            metrics.markPromoted(row.trainingId());
        }
        EvaluationCompleted completed = new EvaluationCompleted(
                done.trainingId(),
                done.runId(),
                modelName,
                row.modelVersion(),
                done.weightsUri(),
                row.f1(),
                row.minF1(),
                row.accuracy(),
                row.weightedF1(),
                row.sampleCount(),
                isChampion,
                "already evaluated as version " + row.modelVersion() + (isChampion ? " (the champion)" : ""));
        return Optional.of(
                isChampion
                        ? new EvaluateOutcome.Promoted(ScoredVersion.announcement(completed))
                        : new EvaluateOutcome.AlreadyEvaluated(completed));
    }

    private static EvaluateOutcome failed(TrainingCompleted done, String reason) {
        return new EvaluateOutcome.Failed(new EvaluationFailed(done.trainingId(), reason));
    }

    /** Inserts the figures unless this training already has a row for that data; returns the row's id. */
    private long record(UUID trainingId, String runId, String evaluatedOn, Evaluation evaluation) {
        return metrics.findByTraining(trainingId, evaluatedOn)
                .map(ModelMetricsRow::id)
                .orElseGet(() -> metrics.insert(new ModelMetricsRow(
                        null,
                        clock.instant(),
                        evaluation.macroF1(),
                        evaluation.minF1(),
                        evaluation.accuracy(),
                        evaluation.weightedF1(),
                        runId,
                        trainingId,
                        null,
                        evaluatedOn,
                        evaluation.sampleCount())));
    }

    /**
     * For a model whose labels are paths: its figures per tree level, hierarchical F1 and back-off points, recorded
     * (again, on a redelivery: the same figures overwrite). Null for flat labels.
     */
    private HierarchicalEvaluator.Result recordHierarchy(
            long metricsId, LinearClassifier model, List<LabelledText> heldOut) {
        if (model.pathSeparator().isEmpty()) {
            return null;
        }
        HierarchicalEvaluator.Result result = HierarchicalEvaluator.evaluate(
                model, heldOut, model.pathSeparator().get());
        List<LevelMetricsRow> levels = new ArrayList<>();
        for (int level = 1; level <= result.evaluation().levels().size(); level++) {
            Evaluation figures = result.evaluation().levels().get(level - 1);
            levels.add(new LevelMetricsRow(
                    metricsId, level, figures.labels().size(), figures.macroF1(), figures.minF1(), figures.accuracy()));
        }
        metrics.recordHierarchy(
                metricsId,
                result.evaluation().hierarchicalF1(),
                levels,
                result.backOff().stream()
                        .map(point -> new BackOffRow(
                                metricsId,
                                point.minConfidence(),
                                point.answered(),
                                point.leafAnswered(),
                                point.accuracy()))
                        .toList());
        return result;
    }

    /** Refuses, before loading, a dataset and models that together do not fit this instance's heap. */
    private Optional<String> memoryRefusal(TrainingCompleted done, Optional<ModelVersion> champion) {
        long datasetBytes = sizeOf(done.datasetPath());
        long modelBytes = sizeOf(done.weightsUri())
                + champion.map(c -> sizeOf(c.sourceUri())).orElse(0L);
        return heap.refusal(datasetBytes, HeapBudget.readingNeeds(datasetBytes) + modelBytes);
    }

    /** The object's length; 0 when it is gone or not in S3 (the load after this says so). */
    private long sizeOf(String uri) {
        try {
            return store.sizeOf(S3Location.parse(uri)).orElse(0);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** The model at {@code weightsUri}. */
    static LinearClassifier load(ObjectStore store, String weightsUri) {
        try (InputStream in = store.open(S3Location.parse(weightsUri))) {
            return ModelFile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + weightsUri, e);
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadInput("training.completed needs a UUID trainingId, got '" + id + "'");
        }
    }
}
