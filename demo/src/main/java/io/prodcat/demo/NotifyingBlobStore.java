package io.prodcat.demo;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy's store with MinIO's bucket notification added: after each completed upload that matches the rule
 * (what {@code mc event add ALIAS/BUCKET arn:… --event put --prefix P --suffix S} sets up on a real MinIO), MinIO's
 * webhook body is posted to the target with {@code Authorization: Bearer <token>}, in the background and retried,
 * as MinIO's notification queue does.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    /** Which uploads notify, and where to. */
    record Rule(String bucket, String prefix, String suffix, URI target, String token, String accessKey) {
        boolean matches(String bucket, String key) {
            return this.bucket.equals(bucket) && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }

    private static final int ATTEMPTS = 5;

    private final Rule rule;
    private final Consumer<String> progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "minio-notifications");
        thread.setDaemon(true);
        return thread;
    });

    NotifyingBlobStore(BlobStore delegate, Rule rule, Consumer<String> progress) {
        super(delegate);
        this.rule = rule;
        this.progress = progress;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        notifyCreated(request.bucket(), request.key(), response.eTag(), request.contentType());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        notifyCreated(request.bucket(), request.key(), response.eTag(), null);
        return response;
    }

    private void notifyCreated(String bucket, String key, String eTag, String contentType) {
        if (!rule.matches(bucket, key)) {
            return;
        }
        long size = blobMetadata(
                        HeadObjectRequest.builder().bucket(bucket).key(key).build())
                .contentLength();
        byte[] body = MinioEventBody.objectCreated(
                bucket,
                key,
                size,
                eTag,
                contentType == null ? "application/octet-stream" : contentType,
                rule.accessKey());
        queue.submit(() -> deliver(bucket + "/" + key, body));
    }

    private void deliver(String object, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(rule.target())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + rule.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                progress.accept(
                        "s3: " + object + " uploaded; MinIO notification to " + rule.target() + " -> HTTP " + status);
                if (status / 100 == 2 || status / 100 == 4) {
                    return; // delivered, or refused for good (MinIO drops those too)
                }
            } catch (Exception e) {
                progress.accept(
                        "s3: notification for " + object + " failed (attempt " + attempt + "): " + e.getMessage());
            }
            sleep(attempt);
        }
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(500L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
