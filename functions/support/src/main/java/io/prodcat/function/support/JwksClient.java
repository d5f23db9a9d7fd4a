package io.prodcat.function.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * Fetches the issuer's JWKS. Inside Kubernetes the service-account issuer's keys are at
 * {@code https://kubernetes.default.svc/openid/v1/jwks}, served under the cluster's CA and to authenticated callers:
 * PRODCAT_EVENTS_AUTH_OIDC_JWKS_CA_FILE trusts that CA and PRODCAT_EVENTS_AUTH_OIDC_JWKS_TOKEN_FILE sends the pod's own
 * (rotating, so re-read on every fetch) service-account token.
 */
final class JwksClient {

    private JwksClient() {}

    static RestOperations restOperations(InfrastructureProperties.Oidc oidc) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (!oidc.jwksCaFile().isBlank()) {
            http.sslContext(trusting(Path.of(oidc.jwksCaFile())));
        }
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http.build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        RestTemplate rest = new RestTemplate(requests);
        if (!oidc.jwksTokenFile().isBlank()) {
            Path tokenFile = Path.of(oidc.jwksTokenFile());
            rest.getInterceptors().add((request, body, execution) -> {
                request.getHeaders()
                        .setBearerAuth(Files.readString(tokenFile, StandardCharsets.UTF_8)
                                .strip());
                return execution.execute(request, body);
            });
        }
        return rest;
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PRODCAT_EVENTS_AUTH_OIDC_JWKS_CA_FILE " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PRODCAT_EVENTS_AUTH_OIDC_JWKS_CA_FILE " + caFile + " is not a PEM CA", e);
        }
    }
}
