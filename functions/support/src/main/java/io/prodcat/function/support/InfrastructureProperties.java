package io.prodcat.function.support;

import java.util.List;
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
 * @param metrics who may scrape {@code /actuator/prometheus}
 */
@ConfigurationProperties("prodcat")
public record InfrastructureProperties(
        S3 s3, Mysql mysql, Mlflow mlflow, Events events, Limits limits, Metrics metrics) {

    public InfrastructureProperties {
        limits = limits == null ? Limits.DEFAULT : limits;
        metrics = metrics == null ? new Metrics(null) : metrics;
    }

    /** @param token the Bearer token Prometheus presents (PRODCAT_METRICS_TOKEN); blank: nobody may scrape */
    public record Metrics(String token) {
        public boolean scrapingAllowed() {
            return token != null && !token.isBlank();
        }
    }

    /**
     * Request body limits in bytes (PRODCAT_MAX_EVENT_BYTES, PRODCAT_MAX_WEBHOOK_BYTES, PRODCAT_MAX_REQUEST_BYTES)
     * and time (PRODCAT_BODY_DEADLINE).
     *
     * @param eventBytes   a CloudEvent at {@code POST /}
     * @param webhookBytes MinIO's notification at {@code /minio}
     * @param requestBytes any other request (predict's API)
     * @param bodyDeadline a request's whole body must have arrived this long after the request did (408 past it)
     */
    public record Limits(long eventBytes, long webhookBytes, long requestBytes, java.time.Duration bodyDeadline) {
        private static final java.time.Duration DEFAULT_BODY_DEADLINE = java.time.Duration.ofSeconds(10);
        public static final Limits DEFAULT = new Limits(256 * 1024, 1024 * 1024, 1024 * 1024, DEFAULT_BODY_DEADLINE);

        public Limits {
            bodyDeadline = bodyDeadline == null ? DEFAULT_BODY_DEADLINE : bodyDeadline;
        }
    }

    /** Empty keys: anonymous access. */
    public record S3(String endpoint, String accessKey, String secretKey) {}

    public record Mysql(String url, String user, String password) {}

    public record Mlflow(String trackingUri) {}

    /**
     * @param source the {@code source} attribute of the function's events (PRODCAT_EVENT_SOURCE)
     * @param auth   who may deliver events to it
     * @param sink          where the function sends events of its own (K_SINK; the Broker)
     * @param sinkTokenFile the Bearer token for the sink, when the file exists (PRODCAT_SINK_TOKEN_FILE)
     * @param routes        direct wiring: {@code type=url,…} ({@link EventRoutes}; PRODCAT_EVENT_ROUTES)
     */
    public record Events(String source, EventAuth auth, String sink, String sinkTokenFile, String routes) {
        public Events {
            auth = auth == null ? new EventAuth(null, null, null) : auth;
        }
    }

    /**
     * See {@link EventDeliveryAuthentication}.
     *
     * @param mode  {@code oidc}, {@code token}, {@code none}, or blank: refuse (PRODCAT_EVENT_AUTH)
     * @param token the shared bearer token of mode {@code token} (PRODCAT_EVENT_TOKEN)
     * @param oidc  the settings of mode {@code oidc}
     */
    public record EventAuth(String mode, String token, Oidc oidc) {
        public EventAuth {
            oidc = oidc == null ? new Oidc(null, null, null, null, null, null) : oidc;
        }
    }

    /**
     * Knative Eventing's OIDC delivery (PRODCAT_EVENT_OIDC_*).
     *
     * @param issuer        the tokens' {@code iss}: the cluster's service-account issuer
     * @param jwksUri       where the issuer's signing keys are
     * @param audience      this Service's audience (the Trigger's {@code subscriber.audience})
     * @param subjects      allowed {@code sub}s (the Triggers' service accounts); empty: any
     * @param jwksCaFile    PEM CA to trust for {@code jwksUri}; blank: the JDK's
     * @param jwksTokenFile a file whose content is sent as Bearer token to {@code jwksUri}; blank: none
     */
    public record Oidc(
            String issuer,
            String jwksUri,
            String audience,
            List<String> subjects,
            String jwksCaFile,
            String jwksTokenFile) {
        public Oidc {
            subjects = subjects == null
                    ? List.of()
                    : subjects.stream().filter(s -> !s.isBlank()).toList();
            jwksCaFile = jwksCaFile == null ? "" : jwksCaFile;
            jwksTokenFile = jwksTokenFile == null ? "" : jwksTokenFile;
        }
    }
}
