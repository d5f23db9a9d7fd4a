package io.prodcat.evaluate.gate;

import io.prodcat.adapters.persistence.GateReferenceRow;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.ClassMetrics;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.PairedComparison;
import io.prodcat.function.support.GateReferences;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trusted reference the gate judges on (see {@link GateReferences}): rows no training sees, so a poisoned dataset,
 * which also poisons its own held-out rows, cannot make its candidate look better there. The first reference is an
 * operator-pinned CSV ({@code PRODCAT_GATE_REFERENCE_URI}) when there is one, else the held-out rows of the first
 * training whose dataset holds no feedback, carved once; an admin may pin another later.
 *
 * @param pinnedUri      s3:// URI of the CSV to pin when it is not the reference in force yet; blank: none
 * @param tolerance      macro-F1 the candidate may lose against the champion on it
 * @param classTolerance F1 any one class may lose against the champion on it (a targeted attack moves one or two
 *                       classes and hides in the macro average)
 * @param classMinRows   classes with fewer reference rows are not judged one by one (one row moves their F1 by more
 *                       than any useful limit); they still count in the macro-F1
 */
public record ReferenceSet(
        GateReferences references, String pinnedUri, double tolerance, double classTolerance, int classMinRows) {

    /** The reference's rows and its ledger row. */
    record Rows(GateReferenceRow reference, List<LabelledText> rows) {
        String source() {
            return "reference " + reference.id() + ", " + reference.source();
        }
    }

    /**
     * The reference in force for judging a training: the configured CSV when it was never pinned (once: an admin's later
     * pin is not undone by the configuration), the one in force, else one carved from {@code heldOut} when
     * {@code feedbackFree}; empty when there is none.
     *
     * @param bucket where a new snapshot goes (the training's model bucket)
     */
    Optional<Rows> forTraining(
            String bucket, String trainingId, boolean feedbackFree, List<LabelledText> heldOut, DatasetSchema schema) {
        Optional<GateReferenceRow> current = references.current();
        if (pinnedUri != null && !pinnedUri.isBlank() && !references.everPinned(pinnedUri)) {
            current = Optional.of(
                    references.pin(bucket, pinnedUri, schema, "configuration", "PRODCAT_GATE_REFERENCE_URI"));
        }
        if (current.isEmpty() && feedbackFree) {
            current =
                    Optional.of(references.carveFirst(bucket, "the held-out rows of training " + trainingId, heldOut));
        }
        return current.map(row -> new Rows(row, references.rows(row)));
    }

    /**
     * How many standard deviations of a class's paired F1 difference count as noise: a check of a hundred classes at
     * once at two would flag one of them in most honest retrainings; at this, about one in fifty.
     */
    static final double CLASS_NOISE_DEVIATIONS = 3.5;

    /**
     * The refusal, when on the reference the candidate loses to the champion's figures, in macro-F1 by more than the
     * tolerance, or in any class with enough rows by more than the class tolerance; with the champion's own answers
     * ({@code paired}, null when only its recorded figures are left) a loss must also exceed its noise (twice the
     * deviation of the paired difference for the macro-F1, {@value #CLASS_NOISE_DEVIATIONS} for a class). Names the
     * classes.
     */
    Optional<QualityGate.Verdict> refusal(
            Evaluation candidate, RecordedScore champion, String source, PairedComparison paired) {
        StringBuilder regressed = new StringBuilder();
        for (ClassMetrics figures : candidate.perClass()) {
            Double before = champion.classF1().get(figures.label());
            Integer rows = champion.classRows().get(figures.label());
            double noise = paired == null ? 0 : CLASS_NOISE_DEVIATIONS * paired.classNoise(figures.label());
            if (before != null
                    && rows != null
                    && rows >= classMinRows
                    && before - figures.f1() > Math.max(classTolerance, noise)) {
                regressed
                        .append(regressed.isEmpty() ? "" : ", ")
                        .append(String.format(
                                Locale.ROOT, "%s %.3f -> %.3f (%d rows)", figures.label(), before, figures.f1(), rows));
            }
        }
        double macroNoise = paired == null ? 0 : QualityGate.NOISE_DEVIATIONS * paired.noise();
        boolean macroLoss = champion.macroF1() - candidate.macroF1() > Math.max(tolerance, macroNoise);
        if (!macroLoss && regressed.isEmpty()) {
            return Optional.empty();
        }
        String why = macroLoss
                ? String.format(
                        Locale.ROOT,
                        "macro-F1 %.4f on the trusted reference set (%s) is below the champion's %.4f - tolerance %.4f",
                        candidate.macroF1(),
                        source,
                        champion.macroF1(),
                        Math.max(tolerance, macroNoise))
                : String.format(
                        Locale.ROOT,
                        "on the trusted reference set (%s) classes lose more than %.3f F1 (and their noise) against the"
                                + " champion",
                        source,
                        classTolerance);
        return Optional.of(new QualityGate.Verdict(
                false, why + (regressed.isEmpty() ? "" : "; classes that regressed: " + regressed)));
    }
}
