package io.prodcat.function.support;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A function's own HTTP API beside its event route: which paths it has and who may call them. A function without
 * one has no API: everything but the probes is an event route ({@link EventDeliveryAuthentication}).
 */
public interface CallerAccess {

    /** Rules for the API's paths; every other path is an event route. */
    void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests);

    /** Providers that recognise the API's callers' Bearer tokens (API keys, JWTs of the callers' issuer). */
    default List<AuthenticationProvider> providers() {
        return List.of();
    }

    /** Authorities every caller has, even without credentials. */
    default List<String> anonymousAuthorities() {
        return List.of();
    }

    /**
     * Paths whose controller checks its own Authorization header (MinIO's webhook token): the filter chain does not
     * read their Bearer token, which is no JWT and no API key.
     */
    default List<String> pathsWithTheirOwnCredentials() {
        return List.of();
    }

    static CallerAccess none() {
        return requests -> {};
    }
}
