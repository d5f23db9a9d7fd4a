package io.prodcat.train;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import io.prodcat.adapters.storage.S3Location;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import io.prodcat.engine.training.DualState;
import io.prodcat.testkit.S3Server;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** What the train ITs put into the test S3 server and read back from it. */
final class StoredObjects {

    private StoredObjects() {}

    /** Stores the bytes, making the bucket first when it is missing. */
    static void put(S3Server s3, String bucket, String key, byte[] bytes) throws Exception {
        var client = s3.client();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .build());
    }

    /** The model file at an {@code s3://} URI. */
    static LinearClassifier model(S3Server s3, String weightsUri) throws Exception {
        try (InputStream in = open(s3, weightsUri)) {
            return ModelFile.read(in);
        }
    }

    /** The duals kept beside the model file at an {@code s3://} URI. */
    static DualState duals(S3Server s3, String weightsUri) throws Exception {
        try (InputStream in = open(s3, weightsUri + DualState.FILE_SUFFIX)) {
            return DualState.read(in);
        }
    }

    private static InputStream open(S3Server s3, String uri) throws Exception {
        S3Location location = S3Location.parse(uri);
        return s3.client()
                .getObject(GetObjectArgs.builder()
                        .bucket(location.bucket())
                        .object(location.key())
                        .build());
    }
}
