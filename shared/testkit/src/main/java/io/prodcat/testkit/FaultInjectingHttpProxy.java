package io.prodcat.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of a real server (MLflow, S3) that fails chosen requests: those whose method and
 * path match a rule are answered 503 (or have their connection dropped) instead of being forwarded, as often as the
 * rule says. Everything else reaches the server unchanged. This is how a test cuts one dependency at one step of a
 * function (the version registration, the alias call) rather than everywhere at once; {@link #onRequest} uses the
 * same calls as a clock to cut another dependency at a step. For JSON APIs such as MLflow's
 * REST API: answers to HEAD requests lose their Content-Length (S3 stats need it; cut S3 with
 * {@link SwitchableProxy}).
 */
public final class FaultInjectingHttpProxy implements AutoCloseable {

    /** How a matched request fails. */
    public enum Fault {
        /** answered 503 with an empty body */
        UNAVAILABLE,
        /** the connection is closed without an answer */
        DROP
    }

    /** Fails {@code remaining} more requests that {@code matches}. */
    private record Rule(Predicate<String> matches, Fault fault, AtomicInteger remaining) {}

    /** Runs {@code action} once, when the first request that {@code matches} arrives, before forwarding it. */
    private record Trigger(Predicate<String> matches, Runnable action, AtomicInteger remaining) {}

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();

    private FaultInjectingHttpProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    public static FaultInjectingHttpProxy to(String targetUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FaultInjectingHttpProxy proxy = new FaultInjectingHttpProxy(server, URI.create(targetUrl));
            server.createContext("/", proxy::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fault-proxy");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Fails the next {@code times} requests whose {@code "METHOD /path?query"} contains {@code fragment}.
     */
    public void fail(String fragment, Fault fault, int times) {
        rules.add(new Rule(line -> line.contains(fragment), fault, new AtomicInteger(times)));
    }

    /**
     * Runs {@code action} when the next request whose {@code "METHOD /path?query"} contains {@code fragment} arrives,
     * before that request is forwarded: the server's API calls mark the steps of a function, so a test can cut
     * another dependency (S3, the database) at a chosen step. Returns whether it has run.
     */
    public java.util.function.BooleanSupplier onRequest(String fragment, Runnable action) {
        AtomicInteger remaining = new AtomicInteger(1);
        triggers.add(new Trigger(line -> line.contains(fragment), action, remaining));
        return () -> remaining.get() <= 0; // whether it ran
    }

    /** Forgets every rule and trigger not used up yet. */
    public void heal() {
        rules.clear();
        triggers.clear();
    }

    /** Requests failed so far. */
    public int failedRequests() {
        return failed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            for (Trigger trigger : triggers) {
                if (trigger.matches().test(line) && trigger.remaining().getAndDecrement() > 0) {
                    trigger.action().run();
                }
            }
            for (Rule rule : rules) {
                if (rule.matches().test(line) && rule.remaining().getAndDecrement() > 0) {
                    failed.incrementAndGet();
                    if (rule.fault() == Fault.DROP) {
                        exchange.getResponseBody().close(); // nothing sent: the connection is closed
                        return;
                    }
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
            }
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofMinutes(2))
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || answer.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
