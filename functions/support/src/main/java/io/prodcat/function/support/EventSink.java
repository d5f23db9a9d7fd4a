package io.prodcat.function.support;

import io.prodcat.events.EventData;
import io.prodcat.events.EventType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Sends an event of its own (not a reply) to the event sink (the Broker; K_SINK) as a binary-mode CloudEvent: train's
 * webhook its {@code dataset.uploaded}, evaluate's drift check its {@code drift.detected}. With Knative's
 * OIDC, the SinkBinding mounts a token for the Broker's audience at {@code /oidc/token} (PRODCAT_EVENTS_SINK_TOKEN_FILE);
 * it is re-read for every event (it rotates) and sent as the Bearer token. With direct wiring ({@link EventRoutes}) a
 * routed type goes to its function's URL instead, with the functions' shared event token. The HTTP client is made on
 * the first event (a JDK client with its TLS trust store: ~40 ms of predict's cold start, which seldom sends one).
 */
public class EventSink {

    private final Supplier<RestClient> http;
    private final String sink;
    private final URI source;
    private final Path tokenFile;
    private final EventRoutes routes;
    private final String routeToken;

    /**
     * @param http       makes the client on the first event (called once)
     * @param routes     direct wiring: types posted straight to a function's URL instead of K_SINK
     * @param routeToken the Bearer token sent with them (the functions' shared PRODCAT_EVENTS_AUTH_TOKEN), or null
     */
    public EventSink(
            Supplier<RestClient> http, String sink, URI source, Path tokenFile, EventRoutes routes, String routeToken) {
        this.http = SingletonSupplier.of(http);
        this.sink = sink;
        this.source = source;
        this.tokenFile = tokenFile;
        this.routes = routes;
        this.routeToken = routeToken == null || routeToken.isBlank() ? null : routeToken;
    }

    /** Whether events of this type go straight to a function (direct wiring), replies included. */
    public boolean routes(EventType type) {
        return routes.routeFor(type).isPresent();
    }

    private Optional<String> bearerToken() {
        if (tokenFile == null || !Files.isReadable(tokenFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new DependencyUnavailable("cannot read the sink token " + tokenFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param id a stable id, so that what is sent twice (a notification MinIO sends twice, a redelivered check) has
     *     the same event id
     * @throws DependencyUnavailable when no sink is configured or it does not accept the event
     */
    public void send(String id, EventData data) {
        EventType type = EventType.of(data);
        Optional<URI> route = routes.routeFor(type);
        if (route.isEmpty() && (sink == null || sink.isBlank())) {
            throw new DependencyUnavailable("no event sink: K_SINK is not set (Knative's SinkBinding sets it)", null);
        }
        String target = route.map(URI::toString).orElse(sink);
        Optional<String> token = route.isPresent() ? Optional.ofNullable(routeToken) : bearerToken();
        try {
            http.get()
                    .post()
                    .uri(target)
                    .headers(headers -> token.ifPresent(headers::setBearerAuth))
                    .header("ce-specversion", "1.0")
                    .header("ce-id", id)
                    .header("ce-source", source.toString())
                    .header("ce-type", type.type())
                    .header("ce-dataschema", type.dataSchema().toString())
                    .header("ce-subject", data.subject())
                    .header("ce-time", OffsetDateTime.now(ZoneOffset.UTC).toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(data)
                    .retrieve()
                    .toBodilessEntity();
        } catch (RestClientException e) {
            throw new DependencyUnavailable(
                    "event sink " + target + " refused or is unreachable: " + e.getMessage(), e);
        }
    }
}
