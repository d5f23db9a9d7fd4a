package io.prodcat.train;

import java.util.List;
import java.util.Optional;

/**
 * Which objects may be trained on: keys under {@code prefix} in one of {@code buckets}, in normal form. The webhook
 * and {@code POST /} both ask here, so an event cannot name what a notification could not.
 *
 * @param buckets the dataset buckets (PRODCAT_DATASET_BUCKETS)
 * @param prefix  the key prefix within them (PRODCAT_DATASET_PREFIX)
 */
record DatasetLocations(List<String> buckets, String prefix) {

    /** S3's own limit on key length, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;
    /** The ledger's {@code auto_training.dataset_path} holds this many characters of {@code s3://bucket/key}. */
    static final int MAX_PATH_CHARS = 1024;

    DatasetLocations {
        buckets = List.copyOf(buckets);
        prefix = prefix == null ? "" : prefix;
    }

    /** Why this object may not be trained on; empty when it may. Says nothing about the object's content. */
    Optional<String> refusal(String bucket, String key) {
        if (!buckets.contains(bucket)) {
            return Optional.of("bucket '" + bucket + "' is not a dataset bucket " + buckets);
        }
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of("key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (("s3://" + bucket + "/" + key).length() > MAX_PATH_CHARS) {
            return Optional.of("s3://bucket/key is longer than the ledger's " + MAX_PATH_CHARS + " characters");
        }
        if (key.startsWith("/") || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("key must not start with '/' or hold control characters");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("key must not hold '.' or '..' segments");
            }
        }
        if (!key.startsWith(prefix)) {
            return Optional.of("key is not under the dataset prefix '" + prefix + "'");
        }
        return Optional.empty();
    }
}
