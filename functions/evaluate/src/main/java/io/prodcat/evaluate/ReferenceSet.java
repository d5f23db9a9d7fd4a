package io.prodcat.evaluate;

import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.LabelledText;
import io.prodcat.evaluation.Evaluation;
import io.prodcat.evaluation.Evaluator;
import io.prodcat.model.LinearClassifier;
import io.prodcat.persistence.TrainingDao;
import io.prodcat.persistence.TrainingRecord;
import io.prodcat.storage.ObjectStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows no upload or feedback of the candidate's can have changed. The held-out rows come from the candidate's own
 * dataset, so a poisoned dataset also poisons its held-out rows and the candidate looks better than the champion
 * there; on the reference rows it does not. A candidate that scores lower than the champion there by more than
 * {@code tolerance} macro-F1 is not promoted, whatever its held-out figures.
 *
 * <p>The reference is an operator-pinned labelled CSV in S3 (PRODCAT_GATE_REFERENCE_URI) when there is one, else the
 * held-out rows of the last finished training whose dataset contained no feedback (its holdout manifest).
 *
 * @param uri       s3:// URI of the pinned CSV, read with the training's columns; blank: the default reference
 * @param tolerance macro-F1 the candidate may lose against the champion on it
 */
record ReferenceSet(ObjectStore store, TrainingDao trainings, String uri, double tolerance) {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceSet.class);

    /** Reference rows and where they come from. */
    record Rows(String source, List<LabelledText> rows) {}

    /** The reference rows for judging {@code candidate}'s model; empty when there is none (no clean training yet). */
    Optional<Rows> rowsFor(UUID candidate, DatasetSchema schema) {
        if (uri != null && !uri.isBlank()) {
            return Optional.of(new Rows(uri, StoredCsv.read(store, uri, schema).rows()));
        }
        Optional<TrainingRecord> clean = trainings.latestFinishedWithoutFeedback(candidate);
        if (clean.isEmpty() || clean.get().weightsS3() == null) {
            return Optional.empty();
        }
        String manifest = LedgerCheck.manifestNextTo(clean.get().weightsS3());
        if (!store.exists(io.prodcat.storage.S3Location.parse(manifest))) {
            LOG.info(
                    "no reference set: the last feedback-free training {} has no holdout manifest",
                    clean.get().id());
            return Optional.empty();
        }
        return Optional.of(new Rows(
                "the holdout of feedback-free training " + clean.get().id(),
                new HoldoutSource.Manifest(manifest).rows(store, clean.get().datasetPath())));
    }

    /** The refusal, when the candidate loses to the champion on the reference rows by more than the tolerance. */
    Optional<QualityGate.Verdict> refusal(LinearClassifier candidate, LinearClassifier champion, Rows reference) {
        Evaluation candidateScore = Evaluator.evaluate(candidate, reference.rows());
        Evaluation championScore = Evaluator.evaluate(champion, reference.rows());
        if (candidateScore.macroF1() >= championScore.macroF1() - tolerance) {
            return Optional.empty();
        }
        return Optional.of(new QualityGate.Verdict(
                false,
                String.format(
                        Locale.ROOT,
                        "macro-F1 %.4f on the trusted reference set (%s) is below the champion's %.4f - tolerance"
                                + " %.4f",
                        candidateScore.macroF1(),
                        reference.source(),
                        championScore.macroF1(),
                        tolerance)));
    }
}
