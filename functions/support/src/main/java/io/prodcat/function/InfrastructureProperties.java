package io.prodcat.function;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a function's dependencies are ({@code prodcat.*}, filled from the environment in each function's
 * application.properties: MINIO_*, MYSQL_*, MLFLOW_TRACKING_URI, PRODCAT_EVENT_SOURCE).
 *
 * @param s3     object store holding datasets and models
 * @param mysql  the ledger database
 * @param mlflow tracking server and registry ({@code none}: no tracking, the registry kept in the ledger)
 * @param events the {@code source} attribute of the function's events
 */
@ConfigurationProperties("prodcat")
public record InfrastructureProperties(S3 s3, Mysql mysql, Mlflow mlflow, Events events) {

    /** Empty keys: anonymous access. */
    public record S3(String endpoint, String accessKey, String secretKey) {}

    public record Mysql(String url, String user, String password) {}

    public record Mlflow(String trackingUri) {}

    public record Events(String source) {}
}
