package io.prodcat.function.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** The modes of PRODCAT_EVENTS_AUTH_MODE: no silent open door, and a start that stops on an incomplete setting. */
class EventDeliveryAuthenticationTest {

    private static final InfrastructureProperties.Oidc OIDC = new InfrastructureProperties.Oidc(
            "https://issuer.example", "https://issuer.example/jwks", "prodcat-train", List.of(), null, null);

    @Test
    void unsetRefusesEverybodyAndNoneLetsEverybodyIn() {
        EventDeliveryAuthentication unset =
                EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth(null, null, null));
        EventDeliveryAuthentication none =
                EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth("none", null, null));

        assertThat(unset.providers()).isEmpty();
        assertThat(unset.anonymousMayDeliver()).isFalse();
        assertThat(none.providers()).isEmpty();
        assertThat(none.anonymousMayDeliver()).isTrue();
    }

    @Test
    void anUnknownOrIncompleteModeStopsTheStart() {
        assertThatThrownBy(() ->
                        EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth("open", null, null)))
                .hasMessageContaining("PRODCAT_EVENTS_AUTH_MODE=open");
        assertThatThrownBy(() ->
                        EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth("token", " ", null)))
                .hasMessageContaining("PRODCAT_EVENTS_AUTH_TOKEN");
        assertThatThrownBy(() -> EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth(
                        "oidc",
                        null,
                        new InfrastructureProperties.Oidc(
                                "https://issuer.example", null, "prodcat-train", null, null, null))))
                .hasMessageContaining("PRODCAT_EVENTS_AUTH_OIDC_JWKS_URI");
    }

    @Test
    void theSharedTokenIsTheOnlyTokenTaken() {
        EventDeliveryAuthentication token =
                EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth("token", "s3cret-token", null));
        var provider = token.providers().get(0);

        Authentication accepted = provider.authenticate(new BearerTokenAuthenticationToken("s3cret-token"));

        assertThat(accepted.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly(EventDeliveryAuthentication.EVENT_DELIVERY);
        for (String wrong : List.of("s3cret-toke", "s3cret-token2", "s3cret-token ", "S3CRET-TOKEN")) {
            assertThatThrownBy(() -> provider.authenticate(new BearerTokenAuthenticationToken(wrong)))
                    .isInstanceOf(BadCredentialsException.class);
        }
    }

    @Test
    void aJwtMustHaveTheIssuerAudienceExpiryAndAnAllowedSubject() {
        var withSubjects = new InfrastructureProperties.Oidc(
                OIDC.issuer(),
                OIDC.jwksUri(),
                OIDC.audience(),
                List.of("system:serviceaccount:prodcat:trigger"),
                null,
                null);

        assertThat(JwtVerification.validator(withSubjects)
                        .validate(jwt(
                                "https://issuer.example",
                                "prodcat-train",
                                "system:serviceaccount:prodcat:trigger",
                                true))
                        .hasErrors())
                .isFalse();
        assertThat(JwtVerification.validator(withSubjects)
                        .validate(jwt(
                                "https://issuer.example",
                                "prodcat-predict",
                                "system:serviceaccount:prodcat:trigger",
                                true))
                        .hasErrors())
                .as("audience")
                .isTrue();
        assertThat(JwtVerification.validator(withSubjects)
                        .validate(jwt(
                                "https://other.example",
                                "prodcat-train",
                                "system:serviceaccount:prodcat:trigger",
                                true))
                        .hasErrors())
                .as("issuer")
                .isTrue();
        assertThat(JwtVerification.validator(withSubjects)
                        .validate(jwt(
                                "https://issuer.example",
                                "prodcat-train",
                                "system:serviceaccount:prodcat:default",
                                true))
                        .hasErrors())
                .as("subject")
                .isTrue();
        assertThat(JwtVerification.validator(OIDC)
                        .validate(jwt("https://issuer.example", "prodcat-train", "anyone", false))
                        .hasErrors())
                .as("no expiry")
                .isTrue();
    }

    private static Jwt jwt(String issuer, String audience, String subject, boolean expires) {
        Jwt.Builder jwt = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(subject)
                .issuedAt(Instant.now().minusSeconds(10));
        if (expires) {
            jwt.expiresAt(Instant.now().plusSeconds(300));
        }
        return jwt.build();
    }
}
