package io.prodcat.adapters.storage;

/** Where the files that belong to a stored model lie, beside its weights. */
public final class ModelFiles {

    private ModelFiles() {}

    /**
     * The model's drift reference (its held-out rows' answers, written by evaluate and read by the drift check and
     * by predict for the served-versus-reference panel): {@code <weights>.drift-reference.json}.
     */
    public static S3Location driftReferenceOf(String weightsUri) {
        S3Location weights = S3Location.parse(weightsUri);
        return new S3Location(weights.bucket(), weights.key() + ".drift-reference.json");
    }
}
