package io.prodcat.evaluate.drift;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a drift check judges, and what it calls drift ({@code prodcat.drift.*}, PRODCAT_DRIFT_*; docs/OPERATIONS.md, Monitoring).
 *
 * @param window            how far back a check looks unless the event says otherwise
 * @param minPredictions    fewer logged answers in the window: "not enough data", no verdict
 * @param psiThreshold      population stability index of the answered labels above this is drift, when the
 *                          chi-square test finds the labels shifted at all
 * @param jsThreshold       Jensen–Shannon distance of the answered labels above this is drift, likewise
 * @param pValue            the chi-square and Kolmogorov–Smirnov tests call drift below this p-value
 * @param domainAucThreshold the domain classifier's ROC AUC above this is drift
 * @param minTitles         logged titles (PRODCAT_PREDICTION_LOG_TEXTS) needed for the domain classifier
 * @param minFeedback       feedback rows naming the model's answer needed to judge feedback accuracy
 * @param accuracyTolerance feedback accuracy this far below the held-out accuracy is drift
 */
public record DriftSettings(
        @DefaultValue("1h") Duration window,
        @DefaultValue("500") int minPredictions,
        @DefaultValue("0.2") double psiThreshold,
        @DefaultValue("0.1") double jsThreshold,
        @DefaultValue("0.001") double pValue,
        @DefaultValue("0.75") double domainAucThreshold,
        @DefaultValue("100") int minTitles,
        @DefaultValue("30") int minFeedback,
        @DefaultValue("0.1") double accuracyTolerance) {

    /** Chi-square: the answered labels' shares differ from the reference's beyond sampling noise. */
    public boolean labelsShifted(double chiSquareP) {
        return chiSquareP < pValue;
    }

    /**
     * PSI and JS measure how far the labels moved, not whether they did: with few predictions or many labels their
     * sampling noise alone passes any fixed threshold (on 500 answers over 111 labels PSI is about 0.3 and JS 0.2
     * with no shift at all; docs/BENCHMARKS.md, drift), so they call drift only where the chi-square test does.
     */
    public boolean psiDrift(double psi, double chiSquareP) {
        return labelsShifted(chiSquareP) && psi > psiThreshold;
    }

    /** As {@link #psiDrift}, for the Jensen–Shannon distance. */
    public boolean jsDrift(double js, double chiSquareP) {
        return labelsShifted(chiSquareP) && js > jsThreshold;
    }

    /** Kolmogorov–Smirnov: the top-1 probabilities differ from the reference's. */
    public boolean probabilitiesShifted(double ksP) {
        return ksP < pValue;
    }

    /** The domain classifier tells recent titles from the reference's. */
    public boolean titlesShifted(double auc) {
        return auc > domainAucThreshold;
    }
}
