package io.prodcat.testkit;

import io.minio.MinioClient;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** An S3 server a test runs (S3Proxy in this JVM, Versity Gateway): where it is and its credentials. */
public interface S3Endpoint {

    String endpoint();

    String accessKey();

    String secretKey();

    /** The region requests are signed for; null: the client's default. */
    default String region() {
        return null;
    }

    /** Adds minio.* for a function under test ({@code registry::add} of Spring's DynamicPropertyRegistry). */
    default void registerProperties(BiConsumer<String, Supplier<Object>> registry) {
        registry.accept("minio.endpoint", this::endpoint);
        registry.accept("minio.access-key", this::accessKey);
        registry.accept("minio.secret-key", this::secretKey);
        if (region() != null) {
            registry.accept("minio.region", this::region);
        }
    }

    default MinioClient client() {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint()).credentials(accessKey(), secretKey());
        return region() == null ? builder.build() : builder.region(region()).build();
    }
}
