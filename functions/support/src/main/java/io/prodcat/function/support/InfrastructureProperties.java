package io.prodcat.function.support;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every function reads the same way ({@code prodcat.*}): events in and out, request limits, metrics. Where the
 * stores are: {@link MinioProperties}, {@link MysqlProperties}, {@link MlflowProperties}.
 *
 * @param events CloudEvents: who may deliver them, where the function's own go
 * @param limits the largest and slowest requests taken
 * @param metrics who may scrape {@code /actuator/prometheus}
 */
@ConfigurationProperties("prodcat")
public record InfrastructureProperties(
        @DefaultValue Events events,
        @DefaultValue Limits limits,
        @DefaultValue Metrics metrics) {

    /**
     * @param token the Bearer token Prometheus presents to read {@code /actuator/prometheus} (its
     *     {@code authorization.credentials_file}); blank: nobody may scrape
     */
    public record Metrics(String token) {
        public boolean scrapingAllowed() {
            return token != null && !token.isBlank();
        }
    }

    /**
     * @param eventBytes the largest request body taken at {@code POST /} (CloudEvents); larger ones are answered 413
     *     before they are read
     * @param webhookBytes the largest body taken at {@code POST /minio} (MinIO's notification)
     * @param requestBytes the largest body taken at any other path (predict's API)
     * @param bodyDeadline a request's whole body must have arrived this long after the request did (408 past it)
     * @param idleTimeout the longest wait between two reads of a request, and on a kept-alive connection
     */
    public record Limits(
            @DefaultValue("262144") long eventBytes,
            @DefaultValue("1048576") long webhookBytes,
            @DefaultValue("1048576") long requestBytes,
            @DefaultValue("10s") Duration bodyDeadline,
            @DefaultValue("5s") Duration idleTimeout) {}

    /**
     * @param source the CloudEvent {@code source} of the function's events; blank: {@code /prodcat/<function>}
     * @param auth who may deliver CloudEvents ({@code POST /}, {@code POST /<function>})
     * @param sink where the function sends events of its own (train's webhook route, evaluate's drift and rollout
     *     checks): Knative's SinkBinding sets {@code K_SINK} to the Broker
     * @param sinkTokenFile a file whose content goes as Bearer token with every event sent to the sink (Knative's
     *     SinkBinding mounts the Broker's OIDC token there); absent file: none
     * @param routes direct wiring for platforms without a Broker (OpenFaaS): {@code type=url,…}, the next function of
     *     each event type (replies are posted there too, with the events token); blank: replies go back to the
     *     caller, own events to the sink
     */
    public record Events(
            String source,
            @DefaultValue EventAuth auth,
            String sink,
            @DefaultValue("/oidc/token") String sinkTokenFile,
            String routes) {}

    /**
     * See {@link EventDeliveryAuthentication}.
     *
     * @param mode {@code oidc} (Knative's OIDC delivery), {@code token} (a shared Bearer secret), {@code none}
     *     (anybody; a warning at start-up); blank: nobody, every delivery is 401 and the start-up log says how to
     *     configure it
     * @param token mode {@code token}: the shared secret (from a Secret)
     * @param oidc mode {@code oidc}: the token issuer
     */
    public record EventAuth(
            String mode, String token, @DefaultValue Oidc oidc) {
        public EventAuth {
            oidc = oidc == null ? new Oidc(null, null, null, null, null, null) : oidc;
        }
    }

    /**
     * Knative Eventing's OIDC delivery: the issuer and what its tokens must say.
     *
     * @param issuer the tokens' {@code iss}: the cluster's service-account issuer
     * @param jwksUri where the issuer's signing keys are
     * @param audience the audience the tokens must carry; blank: the function's Service name ({@code prodcat-train},
     *     …: the Trigger's {@code subscriber.audience})
     * @param subjects allowed {@code sub}s, comma-separated (the Triggers' service accounts); blank: any
     * @param jwksCaFile a PEM CA to trust for {@code jwksUri}; blank: the JDK's
     * @param jwksTokenFile a file whose content is sent as Bearer token to {@code jwksUri} (the pod's
     *     service-account token); blank: none
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

        /** The same issuer with {@code audience} where none is set. */
        public Oidc withDefaultAudience(String audience) {
            return this.audience == null || this.audience.isBlank()
                    ? new Oidc(issuer, jwksUri, audience, subjects, jwksCaFile, jwksTokenFile)
                    : this;
        }
    }
}
