package io.prodcat.events;

/**
 * Data of {@code io.prodcat.dataset.uploaded}: which object to train on.
 *
 * @param bucket    bucket name
 * @param key       object key (decoded, as stored)
 * @param sizeBytes object size as the store reported it; -1 when unknown or absent
 * @param eTag      the store's entity tag, when known
 */
public record DatasetUploaded(String bucket, String key, Long sizeBytes, String eTag) implements EventData {

    /** @throws EventFormatException naming the missing field */
    public DatasetUploaded {
        if (bucket == null || bucket.isBlank()) {
            throw new EventFormatException("dataset.uploaded needs a non-blank 'bucket'");
        }
        if (key == null || key.isBlank()) {
            throw new EventFormatException("dataset.uploaded needs a non-blank 'key'");
        }
        if (sizeBytes == null) {
            sizeBytes = -1L;
        }
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String subject() {
        return key;
    }
}
