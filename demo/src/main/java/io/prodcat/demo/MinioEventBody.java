package io.prodcat.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body MinIO's webhook target posts for a new object (an {@code s3:ObjectCreated:Put} bucket notification,
 * field for field as MinIO writes it, key URL-encoded), so the demo's S3 stand-in notifies train exactly as a real
 * MinIO would.
 */
final class MinioEventBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MinioEventBody() {}

    static byte[] objectCreated(
            String bucket, String key, long size, String eTag, String contentType, String accessKey) {
        String sequencer = Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT);
        Map<String, Object> record = Map.of(
                "eventVersion", "2.0",
                "eventSource", "minio:s3",
                "awsRegion", "",
                "eventTime", Instant.now().toString(),
                "eventName", "s3:ObjectCreated:Put",
                "userIdentity", Map.of("principalId", accessKey),
                "requestParameters", Map.of("principalId", accessKey, "region", "", "sourceIPAddress", "127.0.0.1"),
                "responseElements",
                        Map.of(
                                "x-amz-request-id",
                                sequencer,
                                "x-minio-deployment-id",
                                UUID.nameUUIDFromBytes("prodcat-demo".getBytes(StandardCharsets.UTF_8))
                                        .toString(),
                                "x-minio-origin-endpoint",
                                "http://127.0.0.1"),
                "s3",
                        Map.of(
                                "s3SchemaVersion",
                                "1.0",
                                "configurationId",
                                "Config",
                                "bucket",
                                Map.of(
                                        "name",
                                        bucket,
                                        "ownerIdentity",
                                        Map.of("principalId", accessKey),
                                        "arn",
                                        "arn:aws:s3:::" + bucket),
                                "object",
                                Map.of(
                                        "key",
                                        URLEncoder.encode(key, StandardCharsets.UTF_8),
                                        "size",
                                        size,
                                        "eTag",
                                        eTag == null ? "" : eTag.replace("\"", ""),
                                        "contentType",
                                        contentType,
                                        "userMetadata",
                                        Map.of("content-type", contentType),
                                        "sequencer",
                                        sequencer)),
                "source",
                        Map.of(
                                "host",
                                "127.0.0.1",
                                "port",
                                "",
                                "userAgent",
                                "prodcat-demo (S3Proxy stand-in for MinIO)"));
        return JSON.writeValueAsBytes(
                Map.of("EventName", "s3:ObjectCreated:Put", "Key", bucket + "/" + key, "Records", List.of(record)));
    }
}
