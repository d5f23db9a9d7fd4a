package io.prodcat.function.support;

import io.prodcat.events.EventType;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Direct wiring, for platforms without a Broker (OpenFaaS): which URL an event type goes to
 * ({@code PRODCAT_EVENTS_ROUTES}, {@code type=url,…}; a type may be written without the {@code io.prodcat.} prefix).
 * A function posts its own events there instead of to K_SINK, and its replies of a routed type too (the reply also
 * goes back to the caller, which on OpenFaaS' asynchronous path nobody reads). A malformed map stops the start.
 */
public final class EventRoutes {

    private final Map<EventType, URI> routes;

    private EventRoutes(Map<EventType, URI> routes) {
        this.routes = Collections.unmodifiableMap(routes);
    }

    public static EventRoutes none() {
        return new EventRoutes(Map.of());
    }

    /** @throws IllegalStateException naming the entry that is not {@code known-type=http(s)://…} */
    public static EventRoutes parse(String configured) {
        Map<EventType, URI> routes = new LinkedHashMap<>();
        if (configured == null || configured.isBlank()) {
            return new EventRoutes(routes);
        }
        for (String entry : configured.strip().split("[,\\s]+")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalStateException("PRODCAT_EVENTS_ROUTES: '" + entry + "' is not type=url");
            }
            String name = entry.substring(0, equals).strip();
            String typeName = name.startsWith(EventType.PREFIX) ? name : EventType.PREFIX + name;
            EventType type = EventType.of(typeName)
                    .orElseThrow(() ->
                            new IllegalStateException("PRODCAT_EVENTS_ROUTES: unknown event type '" + name + "'"));
            URI url;
            try {
                url = URI.create(entry.substring(equals + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("PRODCAT_EVENTS_ROUTES: '" + entry + "' has no valid URL", e);
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalStateException("PRODCAT_EVENTS_ROUTES: " + name + " needs an http(s) URL, got " + url);
            }
            if (routes.put(type, url) != null) {
                throw new IllegalStateException("PRODCAT_EVENTS_ROUTES names " + name + " twice");
            }
        }
        return new EventRoutes(routes);
    }

    public Optional<URI> routeFor(EventType type) {
        return Optional.ofNullable(routes.get(type));
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    @Override
    public String toString() {
        return routes.isEmpty() ? "none (replies to the caller, own events to K_SINK)" : routes.toString();
    }
}
