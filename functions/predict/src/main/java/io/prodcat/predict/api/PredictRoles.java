package io.prodcat.predict.api;

import io.prodcat.function.support.BearerSecrets;
import io.prodcat.function.support.CallerAccess;
import io.prodcat.function.support.InfrastructureProperties;
import io.prodcat.function.support.JwtVerification;
import io.prodcat.predict.PredictProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who may call predict's API. Roles: {@code predict} ({@code POST /predict}, {@code GET /model},
 * {@code GET /openapi.yaml}, the Open Inference Protocol's metadata and {@code infer}; its health paths are open), {@code feedback} ({@code POST /feedback}), {@code admin} ({@code POST /reload},
 * {@code POST /feedback/export}, {@code GET|POST /admin/champion}, {@code GET|POST /admin/reference}, {@code GET /admin/feedback/held},
 * {@code POST /admin/feedback/review}); an admin may do everything, a feedback client may also predict. Callers
 * authenticate with an API key ({@link ApiKeys}) or a JWT of the shop's own issuer whose roles claim lists the
 * roles; anonymous callers get the configured roles ({@code predict} by default).
 */
public class PredictRoles implements CallerAccess {

    static final Set<String> ROLES = Set.of("predict", "feedback", "admin");
    private static final Logger LOG = LoggerFactory.getLogger(PredictRoles.class);

    private final List<String> anonymous;
    private final List<AuthenticationProvider> providers;

    public PredictRoles(PredictProperties.Access settings) {
        this.anonymous = settings.anonymousRoles().stream()
                .filter(role -> !role.isBlank())
                .map(PredictRoles::authority)
                .toList();
        List<AuthenticationProvider> recognised = new ArrayList<>();
        List<BearerSecrets.Secret> keys = ApiKeys.parse(settings.apiKeys());
        if (!keys.isEmpty()) {
            recognised.add(new BearerSecrets(keys));
        }
        InfrastructureProperties.Oidc jwt = settings.jwt().oidc();
        boolean callerJwts =
                jwt != null && jwt.issuer() != null && !jwt.issuer().isBlank();
        if (callerJwts) {
            String claim = settings.rolesClaim();
            recognised.add(JwtVerification.provider(jwt, token -> callerOf(token, claim)));
        }
        this.providers = List.copyOf(recognised);
        LOG.info(
                "predict API: anonymous callers have {}; {} API key(s); caller JWTs {}",
                anonymous.isEmpty() ? "no role" : anonymous,
                keys.size(),
                callerJwts ? "from " + jwt.issuer() : "off");
    }

    /** Whether the caller holds role {@code admin}. */
    static boolean isAdmin(org.springframework.security.core.Authentication caller) {
        return caller != null
                && caller.getAuthorities().stream().anyMatch(granted -> "ROLE_ADMIN".equals(granted.getAuthority()));
    }

    /** {@code feedback} → {@code ROLE_FEEDBACK}; an unknown role stops the start. */
    static String authority(String role) {
        String name = role.strip().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(name)) {
            throw new IllegalStateException("unknown role '" + role + "': predict's roles are " + ROLES);
        }
        return "ROLE_" + name.toUpperCase(Locale.ROOT);
    }

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.POST, "/predict", "/v2/models/*/infer", "/v2/models/*/versions/*/infer")
                .hasAnyRole("PREDICT", "FEEDBACK", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/v2/health/live", "/v2/health/ready")
                .permitAll() // the Open Inference Protocol's probes, like /actuator/health
                .requestMatchers(HttpMethod.GET, "/model", "/openapi.yaml", "/v2", "/v2/", "/v2/models/**")
                .hasAnyRole("PREDICT", "FEEDBACK", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/feedback")
                .hasAnyRole("FEEDBACK", "ADMIN")
                .requestMatchers(
                        HttpMethod.POST,
                        "/reload",
                        "/feedback/export",
                        "/admin/champion",
                        "/admin/reference",
                        "/admin/feedback/review")
                .hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/admin/champion", "/admin/reference", "/admin/feedback/held")
                .hasRole("ADMIN");
    }

    @Override
    public List<AuthenticationProvider> providers() {
        return providers;
    }

    @Override
    public List<String> anonymousAuthorities() {
        return anonymous;
    }

    /** The caller is the JWT's subject; roles from the claim (a list, or one space-separated string). */
    private static JwtAuthenticationToken callerOf(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        Collection<?> roles = value instanceof Collection<?> list
                ? list
                : value instanceof String text ? List.of(text.split("\\s+")) : List.of();
        List<String> authorities = roles.stream()
                .map(String::valueOf)
                .map(role -> role.strip().toLowerCase(Locale.ROOT))
                .filter(ROLES::contains)
                .map(PredictRoles::authority)
                .toList();
        return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(authorities), jwt.getSubject());
    }
}
