package io.prodcat.evaluate.drift;

import java.time.Duration;

/**
 * When a drift check judges, and what it calls drift ({@code prodcat.drift.*}, PRODCAT_DRIFT_*; README, Monitoring).
 *
 * @param window            how far back a check looks unless the event says otherwise
 * @param minPredictions    fewer logged answers in the window: "not enough data", no verdict
 * @param psiThreshold      population stability index of the answered labels above this is drift
 * @param jsThreshold       Jensen–Shannon distance of the answered labels above this is drift
 * @param pValue            the chi-square and Kolmogorov–Smirnov tests call drift below this p-value
 * @param domainAucThreshold the domain classifier's ROC AUC above this is drift
 * @param minTitles         logged titles (PRODCAT_LOG_TEXTS) needed for the domain classifier
 * @param minFeedback       feedback rows naming the model's answer needed to judge feedback accuracy
 * @param accuracyTolerance feedback accuracy this far below the held-out accuracy is drift
 */
public record DriftSettings(
        Duration window,
        int minPredictions,
        double psiThreshold,
        double jsThreshold,
        double pValue,
        double domainAucThreshold,
        int minTitles,
        int minFeedback,
        double accuracyTolerance) {}
