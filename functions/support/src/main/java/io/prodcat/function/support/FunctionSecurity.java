package io.prodcat.function.support;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Every function's filter chain: probes open, the function's API as its {@link CallerAccess} says, and every other
 * path (the event routes {@code POST /} and {@code POST /<function>}, and whatever Spring Cloud Function might expose)
 * only for event senders ({@link EventDeliveryAuthentication}). Stateless: Bearer credentials on every request, no
 * session, no cookies, hence no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class FunctionSecurity {

    /** The authority of whoever presents PRODCAT_METRICS_TOKEN: reading {@code /actuator/prometheus}, nothing else. */
    static final String METRICS_SCRAPE = "METRICS_SCRAPE";

    /**
     * No observations of Spring Security's own (a timer and span per filter, authentication and authorization): on
     * predict, turning them off raised throughput from ~4,500 to ~6,200 requests/s (docs/PERFORMANCE.md). Every request is still timed
     * ({@code http.server.requests}, by status).
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings noSecurityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    EventDeliveryAuthentication eventDeliveryAuthentication(
            InfrastructureProperties properties,
            @org.springframework.beans.factory.annotation.Value("${spring.application.name}") String service) {
        InfrastructureProperties.EventAuth auth = properties.events().auth();
        return EventDeliveryAuthentication.from(new InfrastructureProperties.EventAuth(
                auth.mode(), auth.token(), auth.oidc().withDefaultAudience(service)));
    }

    @Bean
    SecurityFilterChain functionFilterChain(
            HttpSecurity http,
            EventDeliveryAuthentication events,
            ObjectProvider<CallerAccess> accessProvider,
            InfrastructureProperties properties)
            throws Exception {
        CallerAccess access = accessProvider.getIfAvailable(CallerAccess::none);
        SecurityAnswers answers = new SecurityAnswers();
        List<String> anonymous = new ArrayList<>(List.of("ROLE_ANONYMOUS"));
        anonymous.addAll(access.anonymousAuthorities());
        if (events.anonymousMayDeliver()) {
            anonymous.add(EventDeliveryAuthentication.EVENT_DELIVERY);
        }
        http.csrf(AbstractHttpConfigurer::disable)
                // stateless: no session is read or made, the context lives for the request only
                .sessionManagement(AbstractHttpConfigurer::disable)
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // the headers an API's answers need (OWASP's REST Security Cheat Sheet): no sniffing, no framing, no
                // caching, HSTS over TLS; not the browser-page defaults (X-XSS-Protection, HTTP/1.0's Pragma and
                // Expires). Set as the request comes in rather than by wrapping the answer.
                .headers(headers -> headers.defaultsDisabled()
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frames -> frames.deny())
                        .httpStrictTransportSecurity(Customizer.withDefaults())
                        .addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-store"))
                        .addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                            @Override
                            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                                filter.setShouldWriteHeadersEagerly(true);
                                return filter;
                            }
                        }))
                .anonymous(anonymousCaller -> anonymousCaller.authorities(anonymous.toArray(String[]::new)))
                .exceptionHandling(
                        refusals -> refusals.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll()
                            .requestMatchers("/actuator/prometheus")
                            .hasAuthority(METRICS_SCRAPE)
                            // the container's error rendering of a request that was already let in (or refused)
                            .dispatcherTypeMatchers(DispatcherType.ERROR)
                            .permitAll();
                    access.authorize(requests);
                    requests.anyRequest().hasAuthority(EventDeliveryAuthentication.EVENT_DELIVERY);
                });
        List<AuthenticationProvider> providers = new ArrayList<>(events.providers());
        providers.addAll(access.providers());
        if (properties.metrics().scrapingAllowed()) {
            providers.add(new BearerSecrets(List.of(new BearerSecrets.Secret(
                    "metrics-scraper",
                    List.of(METRICS_SCRAPE),
                    TokenDigest.sha256(properties.metrics().token())))));
        }
        if (!providers.isEmpty()) {
            AuthenticationManager manager = new ProviderManager(providers);
            DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
            List<String> ownCredentials = access.pathsWithTheirOwnCredentials();
            http.oauth2ResourceServer(bearer -> bearer.authenticationManagerResolver(request -> manager)
                    .bearerTokenResolver(request -> {
                        if (ownCredentials.contains(request.getRequestURI())) {
                            return null;
                        }
                        refuseOtherSchemes(request);
                        return bearerTokens.resolve(request);
                    })
                    .authenticationEntryPoint(answers)
                    .accessDeniedHandler(answers));
        }
        return http.build();
    }

    /**
     * A credential of another scheme (Basic, Digest, …) is presented, and none is valid here: refused (401) rather than
     * served as an anonymous call, as for a wrong Bearer token.
     */
    private static void refuseOtherSchemes(HttpServletRequest request) {
        String presented = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (presented != null && !presented.regionMatches(true, 0, "Bearer", 0, "Bearer".length())) {
            throw new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidToken("only Bearer credentials are accepted"));
        }
    }
}
