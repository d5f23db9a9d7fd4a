package io.prodcat.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's stand-in for a Knative Broker: accepts CloudEvents over HTTP (binary or structured mode) with 202 from
 * the senders its {@link Senders} policy admits (as {@code knative/eventpolicy.yaml} admits only the webhook's and the
 * drift check's identities; anyone else 401, or 403 with a valid token of another identity) and bodies of at most
 * {@link #MAX_EVENT_BYTES} (413),
 * delivers each to every Trigger's subscriber whose filter matches, retries as the Trigger's {@code delivery}
 * says (on 404, 408, 409, 429 and 5xx, like Knative), and feeds a subscriber's CloudEvent reply back in — which
 * is how the chain continues. Undeliverable events go to the dead-letter list and the progress log.
 */
final class EventRouter implements AutoCloseable {

    /** An event as it was routed: its attributes and its data (JSON, or null). */
    record RoutedEvent(Map<String, String> attributes, JsonNode data) {
        String type() {
            return attributes.getOrDefault("type", "");
        }
    }

    /**
     * Who may post: the subject of a valid Bearer token, or empty when there is none or it is not valid. Only those
     * in {@code allowed} are routed.
     */
    record Senders(Function<String, java.util.Optional<String>> subjectOf, java.util.Set<String> allowed) {}

    /**
     * The largest event taken: 1 MiB, the Knative Kafka Broker's limit (Kafka's default {@code max.request.size});
     * the functions themselves take at most 256 KiB ({@code PRODCAT_LIMITS_EVENT_BYTES}).
     */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STRUCTURED = "application/cloudevents+json";

    private final List<Trigger> triggers;
    private final Map<String, URI> subscribers;
    private final Consumer<String> progress;
    private final List<Consumer<RoutedEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<RoutedEvent> deadLetters = new CopyOnWriteArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService deliveries = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "event-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;
    private final Senders senders;
    private volatile Function<String, String> tokenForAudience = audience -> null;

    /** @param subscribers Knative Service name → the local URL its events are posted to */
    EventRouter(
            List<Trigger> triggers, Map<String, URI> subscribers, Senders senders, int port, Consumer<String> progress)
            throws IOException {
        for (Trigger trigger : triggers) {
            if (!subscribers.containsKey(trigger.subscriber())) {
                throw new IllegalArgumentException("Trigger " + trigger.name() + " names Service "
                        + trigger.subscriber() + ", which the demo does not run");
            }
        }
        this.triggers = triggers;
        this.subscribers = subscribers;
        this.senders = senders;
        this.progress = progress;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::accept);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void onEvent(Consumer<RoutedEvent> listener) {
        listeners.add(listener);
    }

    List<RoutedEvent> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Reads and drops at most {@code limit} bytes of {@code in}, or until it ends. */
    private static void drain(java.io.InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= read;
        }
    }

    private void accept(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            int refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal != 0) {
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(refusal, -1); // before the body is read
                return;
            }
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            long declaredLength = declared == null ? -1 : parsedLength(declared);
            byte[] body = declaredLength > MAX_EVENT_BYTES
                    ? null
                    : exchange.getRequestBody().readNBytes(MAX_EVENT_BYTES + 1);
            if (body == null || body.length > MAX_EVENT_BYTES) {
                // read the rest first (up to twice the limit): a client still sending would see the connection reset
                // instead of the answer
                if (declaredLength <= 2L * MAX_EVENT_BYTES) {
                    drain(exchange.getRequestBody(), 2L * MAX_EVENT_BYTES);
                }
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            Message message = Message.of(headers, body);
            if (message == null) {
                exchange.sendResponseHeaders(400, -1); // not a CloudEvent
                return;
            }
            exchange.sendResponseHeaders(202, -1);
            route(message);
        }
    }

    /** 0 when the caller may post; else 401 (no valid token) or 403 (a valid token of an identity not allowed). */
    private int refusal(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return 401;
        }
        return senders.subjectOf()
                .apply(authorization.substring(7).strip())
                .map(subject -> senders.allowed().contains(subject) ? 0 : 403)
                .orElse(401);
    }

    private static long parsedLength(String declared) {
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void route(Message message) {
        RoutedEvent event = message.event();
        listeners.forEach(listener -> listener.accept(event));
        List<Trigger> matching =
                triggers.stream().filter(t -> t.matches(event.attributes())).toList();
        if (matching.isEmpty()) {
            progress.accept("router: " + event.type() + " (no Trigger subscribes to it)");
        }
        for (Trigger trigger : matching) {
            deliveries.submit(() -> deliver(trigger, message));
        }
    }

    /**
     * Signs every delivery as Knative's OIDC delivery does: {@code Authorization: Bearer <token>} for the Trigger's
     * audience.
     */
    void signDeliveriesWith(Function<String, String> tokenForAudience) {
        this.tokenForAudience = tokenForAudience;
    }

    private void deliver(Trigger trigger, Message message) {
        URI target = subscribers.get(trigger.subscriber());
        String last = "";
        for (int attempt = 1; attempt <= trigger.retry() + 1; attempt++) {
            if (attempt > 1) {
                sleep(trigger.backoff(attempt - 1));
            }
            try {
                HttpResponse<byte[]> response = http.send(
                        message.request(target, tokenForAudience.apply(trigger.audience())),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                last = "HTTP " + status;
                if (status / 100 == 2) {
                    Message reply = Message.reply(response.headers(), response.body());
                    progress.accept("router: " + message.event().type() + " -> " + trigger.subscriber() + ": " + status
                            + (reply == null ? "" : ", reply " + reply.event().type()));
                    if (reply != null) {
                        route(reply);
                    }
                    return;
                }
                if (!(status == 404 || status == 408 || status == 409 || status == 429 || status >= 500)) {
                    break; // refused for good: retrying cannot help
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            progress.accept("router: " + message.event().type() + " -> " + trigger.subscriber() + " failed (" + last
                    + "), attempt " + attempt + " of " + (trigger.retry() + 1));
        }
        deadLetters.add(message.event());
        progress.accept("router: DEAD LETTER " + message.event().type() + " id "
                + message.event().attributes().get("id") + " for " + trigger.subscriber() + " (" + last + ")");
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        deliveries.shutdownNow();
    }

    /** A CloudEvent as HTTP headers and body, forwarded as received; {@code event} is what they say. */
    private record Message(Map<String, List<String>> headers, byte[] body, RoutedEvent event) {

        static Message reply(HttpHeaders headers, byte[] body) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.map().forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), values));
            return of(copy, body);
        }

        /** Null when the headers and body are not a CloudEvent (no type). */
        static Message of(Map<String, List<String>> headers, byte[] body) {
            List<String> contentType = headers.getOrDefault("content-type", List.of());
            boolean structured = !contentType.isEmpty() && contentType.get(0).startsWith(STRUCTURED);
            JsonNode json = null;
            try {
                json = body.length == 0 ? null : JSON.readTree(body);
            } catch (RuntimeException notJson) {
                // data that is not JSON is routed all the same (a structured event must be JSON, though)
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            if (structured && json != null) {
                json.properties().forEach(e -> {
                    if (e.getValue().isValueNode() && !e.getKey().equals("data")) {
                        attributes.put(e.getKey(), e.getValue().asString());
                    }
                });
            } else if (!structured) {
                headers.forEach((name, values) -> {
                    if (name.startsWith("ce-")) {
                        attributes.put(name.substring(3), values.get(0));
                    }
                });
            }
            if (attributes.get("type") == null) {
                return null;
            }
            JsonNode data = structured ? json.path("data") : json;
            return new Message(headers, body, new RoutedEvent(Map.copyOf(attributes), data));
        }

        HttpRequest request(URI target, String bearerToken) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            headers.forEach((name, values) -> {
                if (name.startsWith("ce-") || name.equals("content-type")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            return request.build();
        }
    }
}
