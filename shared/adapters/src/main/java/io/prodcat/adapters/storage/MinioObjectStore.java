package io.prodcat.adapters.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ObjectStore} on MinIO or any S3-compatible server, through the io.minio client. */
public final class MinioObjectStore implements ObjectStore {

    /** Multipart part size when the length is unknown; 10 MiB keeps memory bounded. */
    private static final long PART_SIZE = 10L * 1024 * 1024;

    private final MinioClient client;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

    public MinioObjectStore(MinioClient client) {
        this.client = client;
    }

    /**
     * A client for {@code endpoint} (e.g. {@code http://minio:9000}) with static credentials, or anonymous when
     * they are not set (a predict function serving a local model file needs no store).
     */
    public static MinioObjectStore connect(String endpoint, String accessKey, String secretKey) {
        return connect(endpoint, accessKey, secretKey, null);
    }

    /** @param region the server's region; blank: asked of the server (signing that question as us-east-1) */
    public static MinioObjectStore connect(String endpoint, String accessKey, String secretKey, String region) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint);
        if (region != null && !region.isBlank()) {
            builder.region(region);
        }
        if (accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank()) {
            builder.credentials(accessKey, secretKey);
        }
        return new MinioObjectStore(builder.build());
    }

    @Override
    public void put(S3Location location, InputStream content, long sizeBytes, String contentType) {
        try {
            ensureBucket(location.bucket());
            client.putObject(PutObjectArgs.builder().bucket(location.bucket()).object(location.key()).stream(
                            content, sizeBytes, sizeBytes < 0 ? PART_SIZE : -1)
                    .contentType(contentType)
                    .build());
        } catch (Exception e) {
            throw new StorageException("cannot write " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(S3Location location) {
        try {
            return client.getObject(GetObjectArgs.builder()
                    .bucket(location.bucket())
                    .object(location.key())
                    .build());
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                throw new ObjectNotFoundException(location);
            }
            throw new StorageException("cannot read " + location + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> stat(S3Location location) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder()
                    .bucket(location.bucket())
                    .object(location.key())
                    .build());
            Instant modified =
                    stat.lastModified() == null ? null : stat.lastModified().toInstant();
            return Optional.of(new StoredObject(location, stat.size(), modified, unquoted(stat.etag())));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw new StorageException("cannot check " + location + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("cannot check " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                return objects;
            }
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build());
            for (Result<Item> result : results) {
                Item item = result.get();
                Instant modified =
                        item.lastModified() == null ? null : item.lastModified().toInstant();
                objects.add(new StoredObject(
                        new S3Location(bucket, item.objectName()), item.size(), modified, unquoted(item.etag())));
            }
            return objects;
        } catch (Exception e) {
            throw new StorageException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    private static String unquoted(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    private void ensureBucket(String bucket) throws Exception {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // another writer created it between our check and our create
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        knownBuckets.add(bucket);
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code);
    }
}
