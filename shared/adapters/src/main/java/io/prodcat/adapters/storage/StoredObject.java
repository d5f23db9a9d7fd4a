package io.prodcat.adapters.storage;

import java.time.Instant;

/**
 * What a listing says of one stored object.
 *
 * @param location     where it is
 * @param sizeBytes    its length in bytes
 * @param lastModified when it was last written
 */
public record StoredObject(S3Location location, long sizeBytes, Instant lastModified) {}
