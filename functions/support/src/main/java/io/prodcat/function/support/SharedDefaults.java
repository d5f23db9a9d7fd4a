package io.prodcat.function.support;

/** The defaults of settings that more than one function reads, written once for all of them. */
public final class SharedDefaults {

    /** {@code prodcat.model.name}: the registered model (evaluate, predict). */
    public static final String MODEL_NAME = "prodcat-classifier";
    /** {@code prodcat.model.bucket}: model files and holdout manifests (train, predict). */
    public static final String MODEL_BUCKET = "models";
    /** {@code prodcat.dataset.buckets} (train, predict). */
    public static final String DATASET_BUCKETS = "dataset";
    /** {@code prodcat.dataset.prefix} (train, predict). */
    public static final String DATASET_PREFIX = "train/";
    /** {@code prodcat.dataset.text-columns} (train, predict). */
    public static final String TEXT_COLUMNS = "product_name";
    /** {@code prodcat.dataset.label-column} (train, predict). */
    public static final String LABEL_COLUMN = "department";
    /** {@code prodcat.rollout.mode} (evaluate, predict). */
    public static final String ROLLOUT_MODE = "direct";

    private SharedDefaults() {}
}
