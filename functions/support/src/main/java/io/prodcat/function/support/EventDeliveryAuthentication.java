package io.prodcat.function.support;

import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who may deliver CloudEvents to this function ({@code POST /} and {@code POST /<function>}), chosen by
 * PRODCAT_EVENTS_AUTH_MODE:
 *
 * <ul>
 *   <li>{@code oidc}: Knative Eventing's OIDC delivery: a Bearer JWT whose signature verifies against the issuer's
 *       JWKS, with this issuer, unexpired, with this Service's audience and, when configured, one of the allowed
 *       subjects (the Triggers' service accounts);
 *   <li>{@code token}: a shared Bearer secret, compared in constant time;
 *   <li>{@code none}: anybody (set explicitly; a warning at start-up);
 *   <li>unset: nobody: every delivery is refused (401) and the start-up log says how to configure it.
 * </ul>
 *
 * A caller that passes is granted {@link #EVENT_DELIVERY}; the filter chain ({@link FunctionSecurity}) requires it on
 * every path that is not an API or a probe.
 */
public final class EventDeliveryAuthentication {

    /** The authority event routes require. */
    public static final String EVENT_DELIVERY = "EVENT_DELIVERY";

    private static final Logger LOG = LoggerFactory.getLogger(EventDeliveryAuthentication.class);
    private static final String HOW_TO =
            "set PRODCAT_EVENTS_AUTH_MODE=oidc (with PRODCAT_EVENTS_AUTH_OIDC_ISSUER, PRODCAT_EVENTS_AUTH_OIDC_JWKS_URI and"
                    + " PRODCAT_EVENTS_AUTH_OIDC_AUDIENCE), =token (with PRODCAT_EVENTS_AUTH_TOKEN), or =none to accept anybody";

    /** The mode PRODCAT_EVENTS_AUTH_MODE selects. */
    enum Mode {
        OIDC,
        TOKEN,
        NONE,
        UNSET
    }

    private final Mode mode;
    private final List<AuthenticationProvider> providers;

    private EventDeliveryAuthentication(Mode mode, List<AuthenticationProvider> providers) {
        this.mode = mode;
        this.providers = providers;
    }

    /**
     * Builds the check the settings describe, and says in the log which it is.
     *
     * @throws IllegalStateException when the mode is unknown or lacks a setting it needs: the function does not start
     */
    public static EventDeliveryAuthentication from(InfrastructureProperties.EventAuth settings) {
        Mode mode = mode(settings.mode());
        return switch (mode) {
            case OIDC -> {
                InfrastructureProperties.Oidc oidc = settings.oidc();
                require(oidc.issuer(), "PRODCAT_EVENTS_AUTH_OIDC_ISSUER");
                require(oidc.jwksUri(), "PRODCAT_EVENTS_AUTH_OIDC_JWKS_URI");
                require(oidc.audience(), "PRODCAT_EVENTS_AUTH_OIDC_AUDIENCE");
                LOG.info(
                        "event deliveries: OIDC, issuer {}, audience {}, subjects {}",
                        oidc.issuer(),
                        oidc.audience(),
                        oidc.subjects().isEmpty() ? "any" : oidc.subjects());
                yield new EventDeliveryAuthentication(mode, List.of(jwtProvider(oidc)));
            }
            case TOKEN -> {
                String token = require(settings.token(), "PRODCAT_EVENTS_AUTH_TOKEN");
                LOG.info("event deliveries: a shared bearer token (PRODCAT_EVENTS_AUTH_TOKEN)");
                yield new EventDeliveryAuthentication(
                        mode,
                        List.of(new BearerSecrets(List.of(new BearerSecrets.Secret(
                                "event-sender", List.of(EVENT_DELIVERY), TokenDigest.sha256(token))))));
            }
            case NONE -> {
                LOG.warn("PRODCAT_EVENTS_AUTH_MODE=none: ANYBODY who reaches this function can deliver events to it."
                        + " Use it only where the network alone decides who that is.");
                yield new EventDeliveryAuthentication(mode, List.of());
            }
            case UNSET -> {
                LOG.warn("event deliveries are refused (401): no PRODCAT_EVENTS_AUTH_MODE; {}", HOW_TO);
                yield new EventDeliveryAuthentication(mode, List.of());
            }
        };
    }

    /** The providers that recognise an event sender's credentials (none in modes none and unset). */
    List<AuthenticationProvider> providers() {
        return providers;
    }

    /** Anonymous callers deliver events only in mode {@code none}. */
    boolean anonymousMayDeliver() {
        return mode == Mode.NONE;
    }

    private static Mode mode(String configured) {
        if (configured == null || configured.isBlank()) {
            return Mode.UNSET;
        }
        return switch (configured.strip().toLowerCase(Locale.ROOT)) {
            case "oidc" -> Mode.OIDC;
            case "token" -> Mode.TOKEN;
            case "none" -> Mode.NONE;
            default ->
                throw new IllegalStateException("PRODCAT_EVENTS_AUTH_MODE=" + configured + " is not a mode: " + HOW_TO);
        };
    }

    private static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is required by PRODCAT_EVENTS_AUTH_MODE's mode: " + HOW_TO);
        }
        return value.strip();
    }

    private static JwtAuthenticationProvider jwtProvider(InfrastructureProperties.Oidc oidc) {
        return JwtVerification.provider(
                oidc,
                jwt -> new JwtAuthenticationToken(
                        jwt, AuthorityUtils.createAuthorityList(EVENT_DELIVERY), jwt.getSubject()));
    }
}
