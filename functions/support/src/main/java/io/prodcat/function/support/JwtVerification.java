package io.prodcat.function.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Bearer JWTs checked by Spring Security's resource server (Nimbus underneath): the signature against the issuer's
 * JWKS (RS256 or ES256; keys cached and re-fetched when an unknown key id appears), the issuer, the expiry (30 s
 * clock skew), the audience when one is configured, and the subject when a list is configured.
 */
public final class JwtVerification {

    private JwtVerification() {}

    public static JwtAuthenticationProvider provider(
            InfrastructureProperties.Oidc settings, Converter<Jwt, AbstractAuthenticationToken> caller) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri())
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .restOperations(JwksClient.restOperations(settings))
                .build();
        decoder.setJwtValidator(validator(settings));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(caller);
        return provider;
    }

    static OAuth2TokenValidator<Jwt> validator(InfrastructureProperties.Oidc settings) {
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(new JwtTimestampValidator(Duration.ofSeconds(30)));
        checks.add(new JwtIssuerValidator(settings.issuer().strip()));
        checks.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, expiry -> expiry != null));
        if (settings.audience() != null && !settings.audience().isBlank()) {
            String audience = settings.audience().strip();
            checks.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, audiences -> audiences != null && audiences.contains(audience)));
        }
        if (!settings.subjects().isEmpty()) {
            Set<String> subjects = Set.copyOf(settings.subjects());
            checks.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, subjects::contains));
        }
        return new DelegatingOAuth2TokenValidator<>(checks);
    }
}
