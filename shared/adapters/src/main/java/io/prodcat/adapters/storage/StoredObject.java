package io.prodcat.adapters.storage;

import java.time.Instant;

/**
 * What a listing says of one stored object.
 *
 * @param location     where it is
 * @param sizeBytes    its length in bytes
 * @param lastModified when it was last written; null when the server did not say
 * @param eTag         its entity tag without quotes (the content's MD5 for a single PUT, {@code <md5>-<parts>} for a
 *                     multipart upload); null when the server did not say
 */
public record StoredObject(S3Location location, long sizeBytes, Instant lastModified, String eTag) {}
