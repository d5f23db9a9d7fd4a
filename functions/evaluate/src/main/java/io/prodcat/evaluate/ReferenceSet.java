package io.prodcat.evaluate;

import io.prodcat.dataset.DatasetSchema;
import io.prodcat.dataset.LabelledText;
import io.prodcat.evaluation.Evaluation;
import io.prodcat.evaluation.Evaluator;
import io.prodcat.model.LinearClassifier;
import io.prodcat.storage.ObjectStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An operator-pinned labelled CSV in S3 (PRODCAT_GATE_REFERENCE_URI) that no upload or feedback changes. The held-out
 * rows come from the candidate's own dataset, so a poisoned dataset also poisons its held-out rows and the candidate
 * looks better than the champion there; on the reference rows it does not. A candidate that scores lower than the
 * champion there by more than {@code tolerance} macro-F1 is not promoted, whatever its held-out figures.
 *
 * @param uri       s3:// URI of the CSV, read with the training's columns; blank: no reference set
 * @param tolerance macro-F1 the candidate may lose against the champion on it
 */
record ReferenceSet(ObjectStore store, String uri, double tolerance) {

    boolean configured() {
        return uri != null && !uri.isBlank();
    }

    /** The refusal, when the candidate loses to the champion on the reference rows by more than the tolerance. */
    Optional<QualityGate.Verdict> refusal(LinearClassifier candidate, LinearClassifier champion, DatasetSchema schema) {
        List<LabelledText> rows = StoredCsv.read(store, uri, schema).rows();
        Evaluation candidateScore = Evaluator.evaluate(candidate, rows);
        Evaluation championScore = Evaluator.evaluate(champion, rows);
        if (candidateScore.macroF1() >= championScore.macroF1() - tolerance) {
            return Optional.empty();
        }
        return Optional.of(new QualityGate.Verdict(
                false,
                String.format(
                        Locale.ROOT,
                        "macro-F1 %.4f on the trusted reference set is below the champion's %.4f - tolerance %.4f",
                        candidateScore.macroF1(),
                        championScore.macroF1(),
                        tolerance)));
    }
}
