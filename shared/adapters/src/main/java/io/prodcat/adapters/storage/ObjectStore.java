package io.prodcat.adapters.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Object storage as the rest of prodcat sees it: datasets in, model weights out. Implementations stream;
 * nothing here holds a whole object in memory.
 *
 * <p>Every method throws {@link StorageException} when the store fails (unreachable, refused); a missing
 * object is not a failure for {@link #sizeOf} and {@link #exists}, but is for {@link #open}.
 */
public interface ObjectStore {

    /** Writes {@code sizeBytes} bytes from {@code content} to {@code location}, creating the bucket if needed. */
    void put(S3Location location, InputStream content, long sizeBytes, String contentType);

    /**
     * Opens the object for reading; the caller closes the stream.
     *
     * @throws ObjectNotFoundException when there is no such object
     */
    InputStream open(S3Location location);

    /** What the store says of the object (length, entity tag); empty when there is no such object. */
    Optional<StoredObject> stat(S3Location location);

    /** The object's length in bytes; empty when there is no such object. */
    default OptionalLong sizeOf(S3Location location) {
        return stat(location).map(object -> OptionalLong.of(object.sizeBytes())).orElse(OptionalLong.empty());
    }

    default boolean exists(S3Location location) {
        return sizeOf(location).isPresent();
    }

    /** Lists the objects under {@code prefix} in {@code bucket}, recursively, in key order. */
    List<StoredObject> list(String bucket, String prefix);
}
