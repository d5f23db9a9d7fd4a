package io.prodcat.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server for tests: S3Proxy in this JVM, storing objects in a temporary directory,
 * with SigV2/V4 authentication and credentials made up for the run. (MinIO itself cannot be installed
 * here; the io.minio client speaks plain S3 to both.)
 */
public final class S3Server implements S3Endpoint, AutoCloseable {

    private final S3Proxy proxy;
    private final Path storageDir;
    private final String endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3Server(S3Proxy proxy, Path storageDir, String endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.storageDir = storageDir;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static S3Server start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /** With the filesystem store wrapped, e.g. to observe uploads (the demo's MinIO-style notifications). */
    public static S3Server start(UnaryOperator<BlobStore> wrap) throws Exception {
        Path storageDir = TempDirs.create("prodcat-s3");
        String endpoint = "http://127.0.0.1:" + FreePort.find();
        String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String secretKey = UUID.randomUUID().toString();
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(wrap.apply(new FilesystemNio2BlobStore(storageDir.toString())))
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            TempDirs.deleteRecursively(storageDir);
            throw new IllegalStateException("S3Proxy could not start at " + endpoint + ": " + e.getMessage(), e);
        }
        return new S3Server(proxy, storageDir, endpoint, accessKey, secretKey);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        TempDirs.deleteRecursively(storageDir);
    }
}
