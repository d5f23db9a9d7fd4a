package io.prodcat.events;

/**
 * The CloudEvent types prodcat emits and consumes (one reverse-DNS prefix). Knative Triggers filter on
 * these; a reply never carries a type that routes back to the function that sent it.
 */
public final class EventTypes {

    public static final String PREFIX = "io.prodcat.";
    /** A training CSV landed in the dataset bucket (train consumes it). */
    public static final String DATASET_UPLOADED = PREFIX + "dataset.uploaded";
    /** A model was trained and stored (evaluate consumes it). */
    public static final String TRAINING_COMPLETED = PREFIX + "training.completed";
    /** The dataset could not be trained on; retrying cannot help. */
    public static final String TRAINING_FAILED = PREFIX + "training.failed";
    /** Nothing to do: the same data and configuration was trained, is training, or failed before. */
    public static final String TRAINING_SKIPPED = PREFIX + "training.skipped";
    public static final String EVALUATION_COMPLETED = PREFIX + "evaluation.completed";
    public static final String EVALUATION_FAILED = PREFIX + "evaluation.failed";
    public static final String MODEL_PROMOTED = PREFIX + "model.promoted";

    private EventTypes() {
    }
}
