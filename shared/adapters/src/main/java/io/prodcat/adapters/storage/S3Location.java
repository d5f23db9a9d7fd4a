package io.prodcat.adapters.storage;

import java.util.Objects;

/**
 * An object's address in an S3-compatible store, written {@code s3://bucket/key} as in the ledger's
 * {@code dataset_path} and {@code weights_s3} columns.
 *
 * @param bucket bucket name, never blank
 * @param key    object key without a leading slash, never blank
 */
public record S3Location(String bucket, String key) {

    private static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("bucket must be a non-blank name without '/', got '" + bucket + "'");
        }
        if (key.isBlank() || key.startsWith("/")) {
            throw new IllegalArgumentException("key must be non-blank and not start with '/', got '" + key + "'");
        }
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("expected s3://bucket/key, got '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("expected s3://bucket/key, got '" + uri + "'");
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
