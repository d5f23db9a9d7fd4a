package io.prodcat.adapters.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger as a person reads it (the demo's progress and report): the latest rows for one upload, column by
 * column as stored, so what is printed is what the ledger holds.
 */
public final class LedgerReadings {

    /** {@code auto_training}'s columns of the original system, in its order. */
    public static final List<String> TRAINING_COLUMNS = List.of(
            "id",
            "training_date",
            "dataset_hash",
            "dataset_path",
            "run_id",
            "best_checkpoint",
            "f1",
            "min_f1",
            "weights_s3",
            "status");

    private final Jdbi jdbi;

    public LedgerReadings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The latest training of the dataset at {@code datasetPath}. */
    public Optional<Map<String, Object>> latestTraining(String datasetPath) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + String.join(", ", TRAINING_COLUMNS)
                        + " FROM auto_training WHERE dataset_path = :path ORDER BY training_date DESC LIMIT 1")
                .bind("path", datasetPath)
                .mapToMap()
                .findOne());
    }

    /** The latest figures recorded for a training (on its held-out rows or on feedback), with the gate's progress. */
    public Optional<Map<String, Object>> latestMetrics(String trainingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT timestamp, f1, min_f1, accuracy, weighted_f1,"
                        + " hierarchical_f1, run_id, model_version, evaluated_on, sample_count FROM model_metrics"
                        + " WHERE training_id = :id ORDER BY timestamp DESC LIMIT 1")
                .bind("id", trainingId)
                .mapToMap()
                .findOne());
    }

    /** The held-out evaluation of a training: its version, figures and the gate's verdict (none before it is judged). */
    public Optional<Map<String, Object>> holdoutVerdict(String trainingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT model_version, f1, min_f1, promoted, gate_verdict,"
                        + " gate_reason FROM model_metrics WHERE training_id = :id AND evaluated_on = 'holdout'"
                        + " ORDER BY timestamp DESC LIMIT 1")
                .bind("id", trainingId)
                .mapToMap()
                .findOne());
    }

    /** The held-out figures of a training per level of its label tree, top level first (none for flat labels). */
    public List<Map<String, Object>> holdoutLevels(String trainingId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT l.level, l.classes, l.f1, l.min_f1, l.accuracy"
                        + " FROM model_metrics_level l JOIN model_metrics m ON m.id = l.metrics_id"
                        + " WHERE m.training_id = :id AND m.evaluated_on = 'holdout' ORDER BY l.level")
                .bind("id", trainingId)
                .mapToMap()
                .list());
    }
}
