package io.prodcat.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a demo run showed.
 *
 * @param trainingRow      the ledger row of the upload, in the original system's columns
 * @param metricsRow       its model_metrics row
 * @param championVersion  the registry version alias {@code champion} names (null if none)
 * @param predictions      predict's answers for a few texts of the dataset (text, true label, answer JSON)
 * @param uploadToChampion from the upload to predict serving the promoted model (null if it never did)
 * @param reuploadSkipped  whether uploading the same bytes again was skipped instead of retrained
 * @param monitoring       the serving figures and the drift check (null when there was no champion to serve)
 * @param listening        every socket the demo listened on once its servers and functions were up
 */
record DemoResult(
        Map<String, Object> trainingRow,
        Map<String, Object> metricsRow,
        String championVersion,
        List<Prediction> predictions,
        Duration uploadToChampion,
        boolean reuploadSkipped,
        DemoMonitoring.Result monitoring,
        List<String> listening) {

    record Prediction(String text, String trueLabel, String predictedLabel, String modelVersion) {}

    /** Evaluated, and predict answered. */
    boolean succeeded() {
        return metricsRow != null && !predictions.isEmpty();
    }
}
