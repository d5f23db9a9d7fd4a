package io.prodcat.evaluate.gate;

import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.storage.ObjectNotFoundException;
import io.prodcat.adapters.storage.ObjectStore;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.PairedComparison;
import io.prodcat.engine.features.TextKey;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.evaluate.HoldoutSource;
import io.prodcat.evaluate.LedgerCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candidate against champion on the candidate's held-out rows that the champion did not train on either: a champion
 * scored on its own training rows looks better than it is, and no candidate could beat it there. The champion's
 * training rows are its dataset less its holdout manifest, matched by title key ({@link TextKey}), so a copy of a
 * title in other case or punctuation is excluded too.
 */
public record FairComparison(ObjectStore store, TrainingDao trainings, QualityGate gate) {

    private static final Logger LOG = LoggerFactory.getLogger(FairComparison.class);

    QualityGate.Verdict judge(
            ModelVersion champion,
            LinearClassifier championModel,
            LinearClassifier candidate,
            List<LabelledText> heldOut) {
        Optional<Set<String>> championSaw = titlesTrainedOn(champion);
        List<LabelledText> unseen = championSaw
                .map(seen -> heldOut.stream()
                        .filter(row -> !seen.contains(TextKey.of(row.text())))
                        .toList())
                .orElse(heldOut);
        if (unseen.isEmpty()) {
            return new QualityGate.Verdict(
                    false,
                    "no held-out row is unseen by the champion (version " + champion.version() + "): no fair"
                            + " comparison");
        }
        PairedComparison paired = PairedComparison.of(candidate, championModel, unseen);
        QualityGate.Verdict verdict = gate.judge(paired.candidate(), paired.champion(), paired.noise());
        String rows = championSaw.isPresent()
                ? unseen.size() + " held-out rows neither model trained on"
                : heldOut.size() + " held-out rows; the champion's training rows are unknown";
        return new QualityGate.Verdict(verdict.promote(), verdict.reason() + " (" + rows + ")");
    }

    /** The keys of the titles {@code version} was trained on; empty when its training or manifest is not found. */
    private Optional<Set<String>> titlesTrainedOn(ModelVersion version) {
        Optional<TrainingRecord> training = trainings.findFinishedByRunId(version.runId());
        if (training.isEmpty() || training.get().weightsS3() == null) {
            LOG.warn("version {}: no finished training of run {} in the ledger", version.version(), version.runId());
            return Optional.empty();
        }
        HoldoutSource.Manifest manifest = new HoldoutSource.Manifest(
                LedgerCheck.manifestNextTo(training.get().weightsS3()));
        try {
            Set<String> keys = new HashSet<>();
            manifest.trainedOn(store, training.get().datasetPath()).forEach(row -> keys.add(TextKey.of(row.text())));
            return Optional.of(keys);
        } catch (ObjectNotFoundException | DatasetException e) {
            LOG.warn("version {}: its training rows cannot be read: {}", version.version(), e.getMessage());
            return Optional.empty();
        }
    }
}
