package io.prodcat.events;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The CloudEvent types prodcat emits and consumes, each with the record its data maps to and the versions of that
 * data this release reads. Knative Triggers filter on {@link #type()}; a reply never carries a type that routes back
 * to the function that sent it. The version travels in the {@code dataschema} attribute ({@link #dataSchema()}); an
 * event without one is version 1.
 */
public enum EventType {
    /** A training CSV landed in the dataset bucket (train consumes it). */
    DATASET_UPLOADED("dataset.uploaded", DatasetUploaded.class, 1),
    /**
     * A model was trained and stored (evaluate consumes it). Version 2: text columns as a list and the holdout
     * manifest's URI; version 1 (comma-joined columns, the split's fraction and seed) is still read.
     */
    TRAINING_COMPLETED("training.completed", TrainingCompleted.class, 2, 1),
    /** The dataset could not be trained on; retrying cannot help. */
    TRAINING_FAILED("training.failed", TrainingFailed.class, 1),
    /** Nothing to do: the same data and configuration was trained, is training, or failed before. */
    TRAINING_SKIPPED("training.skipped", TrainingSkipped.class, 1),
    /** Evaluated and not promoted, or a redelivery of an evaluation already recorded. */
    EVALUATION_COMPLETED("evaluation.completed", EvaluationCompleted.class, 1),
    /** The training cannot be evaluated (unknown, unfinished, or its data is gone). */
    EVALUATION_FAILED("evaluation.failed", EvaluationFailed.class, 1),
    /** A new champion (predict consumes it). Version 2 dropped the always-true {@code promoted}; 1 is still read. */
    MODEL_PROMOTED("model.promoted", ModelPromoted.class, 2, 1),
    /** Check the champion's recent answers for drift (evaluate's drift route consumes it, as well as {@link #PING}). */
    DRIFT_CHECK("drift.check", DriftCheck.class, 1),
    /** A drift check found drift (sent to K_SINK; a Trigger routes it to the alert sink). */
    DRIFT_DETECTED("drift.detected", DriftDetected.class, 1),
    /** Judge the challenger and a fresh champion on their online figures (evaluate's rollout route, or a ping). */
    ROLLOUT_CHECK("rollout.check", RolloutCheck.class, 1),
    /** The rollout check changed an alias: challenger promoted or retired, or a fresh champion rolled back. */
    ROLLOUT_DECIDED("rollout.decided", RolloutDecided.class, 1);

    /** The type of the events Knative's PingSource sends; the drift route takes it as a {@link #DRIFT_CHECK}. */
    public static final String PING = "dev.knative.sources.ping";

    /** The reverse-DNS prefix of every type. */
    public static final String PREFIX = "io.prodcat.";

    private static final String SCHEMA_PREFIX = "urn:io.prodcat:events:";

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final int version;
    private final Set<Integer> readableVersions;

    EventType(String name, Class<? extends EventData> dataClass, int version, Integer... olderReadable) {
        this.type = PREFIX + name;
        this.dataClass = dataClass;
        this.version = version;
        this.readableVersions = Set.copyOf(Arrays.asList(olderReadable));
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code io.prodcat.training.completed}. */
    public String type() {
        return type;
    }

    /** The record this type's data maps to, in the current version. */
    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The version this release writes. */
    public int version() {
        return version;
    }

    /** The {@code dataschema} attribute this release writes, e.g. {@code urn:io.prodcat:events:training.completed:v2}. */
    public URI dataSchema() {
        return URI.create(SCHEMA_PREFIX + type.substring(PREFIX.length()) + ":v" + version);
    }

    /** Whether this release reads data of {@code dataVersion}. */
    public boolean reads(int dataVersion) {
        return dataVersion == version || readableVersions.contains(dataVersion);
    }

    /**
     * The data version a {@code dataschema} attribute names: 1 when absent.
     *
     * @throws EventFormatException when it is not one of this type's schemas
     */
    public int versionOf(String dataSchema) {
        if (dataSchema == null || dataSchema.isBlank()) {
            return 1;
        }
        String expected = SCHEMA_PREFIX + type.substring(PREFIX.length()) + ":v";
        if (dataSchema.startsWith(expected)) {
            try {
                return Integer.parseInt(dataSchema.substring(expected.length()));
            } catch (NumberFormatException e) {
                // falls through to the refusal below
            }
        }
        throw new EventFormatException(
                "dataschema '" + dataSchema + "' is not a schema of " + type + " (expected " + expected + "N)");
    }

    /** The type whose current record {@code data} is. */
    public static EventType of(EventData data) {
        return Arrays.stream(values())
                .filter(known -> known.dataClass == data.getClass())
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(data.getClass().getName() + " is no event type's data"));
    }

    /** The type whose {@link #type()} is {@code type}, if prodcat has one. */
    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(known -> known.type.equals(type)).findFirst();
    }
}
