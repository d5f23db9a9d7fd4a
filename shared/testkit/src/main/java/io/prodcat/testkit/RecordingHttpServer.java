package io.prodcat.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback that records every request and answers 202: the event sink (Broker)
 * a function sends to.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One received request; header names lower-case. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();

    private RecordingHttpServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingHttpServer start() {
        return start(new int[0]);
    }

    /** Answers the first requests with these statuses, in order, and every later one with 202. */
    public static RecordingHttpServer start(int... statuses) {
        java.util.Queue<Integer> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int status : statuses) {
            answers.add(status);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RecordingHttpServer recording = new RecordingHttpServer(server);
            server.createContext("/", exchange -> {
                Map<String, List<String>> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) ->
                                headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
                recording.received.add(new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        headers,
                        exchange.getRequestBody().readAllBytes()));
                Integer status = answers.poll();
                exchange.sendResponseHeaders(status == null ? 202 : status, -1);
                exchange.close();
            });
            server.start();
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the recording HTTP server", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The next request received, waiting up to 10 s. */
    public Request next() throws InterruptedException {
        Request request = received.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request reached " + url() + " within 10 s");
        }
        return request;
    }

    public int pending() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
