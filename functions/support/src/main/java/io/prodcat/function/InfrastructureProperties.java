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
 * @param limits the largest request bodies taken
 */
@ConfigurationProperties("prodcat")
public record InfrastructureProperties(S3 s3, Mysql mysql, Mlflow mlflow, Events events, Limits limits) {

    public InfrastructureProperties {
        limits = limits == null ? Limits.DEFAULT : limits;
    }

    /**
     * Request body limits in bytes (PRODCAT_MAX_EVENT_BYTES, PRODCAT_MAX_WEBHOOK_BYTES, PRODCAT_MAX_REQUEST_BYTES).
     *
     * @param eventBytes   a CloudEvent at {@code POST /}
     * @param webhookBytes MinIO's notification at {@code /minio}
     * @param requestBytes any other request (predict's API)
     */
    public record Limits(long eventBytes, long webhookBytes, long requestBytes) {
        public static final Limits DEFAULT = new Limits(256 * 1024, 1024 * 1024, 1024 * 1024);
    }

    /** Empty keys: anonymous access. */
    public record S3(String endpoint, String accessKey, String secretKey) {}

    public record Mysql(String url, String user, String password) {}

    public record Mlflow(String trackingUri) {}

    public record Events(String source) {}
}
