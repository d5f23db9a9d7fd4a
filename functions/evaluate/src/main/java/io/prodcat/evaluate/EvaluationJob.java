package io.prodcat.evaluate;

import io.prodcat.adapters.persistence.GateRecord;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.adapters.tracking.ModelAliases;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.model.ModelFormatException;
import io.prodcat.evaluate.drift.DriftReference;
import io.prodcat.events.EvaluationCompleted;
import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.function.support.BadInput;
import io.prodcat.function.support.HeapBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of {@code training.completed}: check the event against the ledger, score the model on the rows its
 * training held out ({@link Scoring}), then register a version and move an alias if the quality gate passes
 * ({@link Promotion}). Every step is idempotent, so a redelivery or a retry after an outage records nothing twice.
 */
class EvaluationJob {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);

    private final ObjectStore store;
    private final TrainingDao trainings;
    private final ModelMetricsDao metrics;
    private final ModelAliases aliases;
    private final HeapBudget heap;
    private final Scoring scoring;
    private final Promotion promotion;

    EvaluationJob(
            ObjectStore store,
            TrainingDao trainings,
            ModelMetricsDao metrics,
            ModelAliases aliases,
            HeapBudget heap,
            Scoring scoring,
            Promotion promotion) {
        this.store = store;
        this.trainings = trainings;
        this.metrics = metrics;
        this.aliases = aliases;
        this.heap = heap;
        this.scoring = scoring;
        this.promotion = promotion;
    }

    /** The same job on an instance whose heap is {@code other}. */
    EvaluationJob onHeap(HeapBudget other) {
        return new EvaluationJob(store, trainings, metrics, aliases, other, scoring, promotion);
    }

    /**
     * @param holdout where the rows the training held out are
     * @throws BadInput when the event's training id is not a UUID
     */
    EvaluateOutcome run(TrainingCompleted done, HoldoutSource holdout) {
        UUID trainingId = parseId(done.trainingId());
        Optional<String> refused = refusal(done, holdout, trainingId);
        if (refused.isPresent()) {
            return failed(done, refused.get());
        }
        Optional<ModelVersion> champion = aliases.champion();
        Optional<ModelMetricsRow> recorded = metrics.findByTraining(trainingId, Scoring.HOLDOUT);
        if (recorded.isPresent() && recorded.get().modelVersion() != null) {
            Optional<EvaluateOutcome> finished = finished(done, recorded.get(), champion);
            if (finished.isPresent()) {
                return finished.get();
            }
        }
        // first delivery, or a redelivery after a fault: every step below is done once, whatever ran before;
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
        // the baseline the drift check compares the served answers with, beside the weights (same bytes on a retry)
        DriftReference.of(model, heldOut).store(store, done.weightsUri());
        Scoring.Scored scored = scoring.score(done, trainingId, model, heldOut);
        return promotion.decide(done, trainingId, scored, champion, model, heldOut);
    }

    /** Why the event is not one to evaluate: an unknown or unfinished training, or a claim the ledger does not hold. */
    private Optional<String> refusal(TrainingCompleted done, HoldoutSource holdout, UUID trainingId) {
        Optional<TrainingRecord> training = trainings.findById(trainingId);
        if (training.isEmpty()) {
            return Optional.of("unknown training id " + trainingId);
        }
        if (training.get().status() != TrainingStatus.FINISHED) {
            return Optional.of(
                    "training " + trainingId + " is " + training.get().status() + ", not FINISHED");
        }
        Optional<String> disagreement = LedgerCheck.disagreement(done, holdout, training.get());
        disagreement.ifPresent(why -> LOG.warn("refused training.completed for training {}: {}", trainingId, why));
        return disagreement.map(why -> "the event disagrees with the ledger: " + why);
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
                aliases.modelName(),
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
