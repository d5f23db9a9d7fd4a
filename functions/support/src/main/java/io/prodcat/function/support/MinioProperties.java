package io.prodcat.function.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3 store of datasets, models and holdout manifests ({@code MINIO_*}, as the original system names them).
 *
 * @param endpoint S3/MinIO URL
 * @param accessKey S3 access key; blank with the secret key: anonymous access
 * @param secretKey S3 secret key
 * @param region the server's region, signed into every request; blank: asked of the server per bucket, signing as
 *     us-east-1 (MinIO's default; a server in another region, Versity Gateway's {@code --region}, AWS, needs it set)
 */
@ConfigurationProperties("minio")
public record MinioProperties(
        @DefaultValue("http://127.0.0.1:9000") String endpoint, String accessKey, String secretKey, String region) {}
