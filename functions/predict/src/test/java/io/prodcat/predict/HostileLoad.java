package io.prodcat.predict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Hostile traffic against a running predict function, and one honest client beside it (issue 34): slow bodies (each
 * connection sends its headers, then one byte of its body every few seconds, and opens again when the server closes
 * it), heavy batches (the largest batches the API takes, kept in flight from anonymous callers that name themselves
 * anew each time), and an honest client with its own API key sending one title at a steady rate, whose latencies and
 * failures are the result. JDK only: the IT runs it in-process and {@code bench/hostile.sh} runs it as a program.
 *
 * <pre>java HostileLoad.java URL HONEST_KEY SECONDS SLOW_CONNECTIONS HEAVY_IN_FLIGHT [K]</pre>
 * prints a summary line, then {@code result P50 P99 MAX FAILURES HEAVY_200 HEAVY_429 SLOW_CLOSED} (milliseconds).
 */
public final class HostileLoad {

    /** What the honest client saw, and what the attackers got. */
    public record Outcome(
            long[] honestMillis,
            int honestFailures,
            Map<String, Long> honestFailureKinds,
            Map<Integer, Long> heavyStatuses,
            long slowOpened,
            long slowClosedByServer) {

        public double honestPercentile(double q) {
            long[] sorted = honestMillis.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }

        public String summary() {
            return String.format(
                    "honest: %d requests, p50 %.0f ms, p99 %.0f ms, max %.0f ms, %d failed %s; heavy batches: %s;"
                            + " slow connections: %d opened, %d closed by the server",
                    honestMillis.length,
                    honestPercentile(0.5),
                    honestPercentile(0.99),
                    honestPercentile(1.0),
                    honestFailures,
                    honestFailureKinds,
                    heavyStatuses,
                    slowOpened,
                    slowClosedByServer);
        }
    }

    private final URI base;
    private final String honestKey;
    private volatile boolean running = true;
    private final AtomicLong slowOpened = new AtomicLong();
    private final AtomicLong slowClosed = new AtomicLong();
    private final Map<Integer, Long> heavyStatuses = new ConcurrentHashMap<>();

    public HostileLoad(URI base, String honestKey) {
        this.base = base;
        this.honestKey = honestKey;
    }

    /**
     * @param duration      how long the attack and the honest client run (after a short warm-up of the honest client)
     * @param slowConnections connections sending their bodies one byte at a time
     * @param heavyInFlight heavy batches kept in flight
     * @param heavyBody     the JSON body of a heavy batch
     */
    public Outcome run(Duration duration, int slowConnections, int heavyInFlight, String heavyBody)
            throws InterruptedException {
        HttpClient honestHttp =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 200; i++) { // the honest path warmed up (JIT, connection) before the attack starts
            honest(honestHttp);
        }
        Thread slow = new Thread(() -> slowBodies(slowConnections), "hostile-slow-bodies");
        slow.setDaemon(true);
        slow.start();
        HttpClient heavyHttp =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CountDownLatch heavyDone = new CountDownLatch(heavyInFlight);
        for (int i = 0; i < heavyInFlight; i++) {
            heavyBatch(heavyHttp, heavyBody, heavyDone);
        }
        Thread.sleep(2_000); // the attack at full strength before the honest client is measured
        List<Long> millis = new ArrayList<>();
        Map<String, Long> failures = new TreeMap<>();
        long end = System.nanoTime() + duration.toNanos();
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            next += TimeUnit.MILLISECONDS.toNanos(50); // 20 requests/s, latency counted from the planned time
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String failure = honest(honestHttp);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - next));
            if (failure != null) {
                failures.merge(failure, 1L, Long::sum);
            }
        }
        running = false;
        heavyDone.await(30, TimeUnit.SECONDS);
        slow.join(15_000);
        int failed = failures.values().stream().mapToInt(Long::intValue).sum();
        return new Outcome(
                millis.stream().mapToLong(Long::longValue).toArray(),
                failed,
                failures,
                new TreeMap<>(heavyStatuses),
                slowOpened.get(),
                slowClosed.get());
    }

    /** One honest request; null when it was answered 200, else what went wrong. */
    private String honest(HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/predict"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + honestKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"organic whole milk\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : "status " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Keeps one heavy batch in flight: each answer sends the next, under a new caller name. */
    private void heavyBatch(HttpClient http, String body, CountDownLatch done) {
        if (!running) {
            done.countDown();
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/predict"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Caller-Key", UUID.randomUUID().toString())
                .expectContinue(true) // refused (429) before the body is sent, as a large upload should be
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            heavyStatuses.merge(response != null ? response.statusCode() : -1, 1L, Long::sum);
            if (failure != null && System.getenv("HOSTILE_DEBUG") != null) {
                System.err.println(failure);
            }
            // a refused client waits as it was told to (429's Retry-After), else a second
            long waitMillis = response == null
                    ? 1_000
                    : response.statusCode() == 200
                            ? 0
                            : 1_000
                                    * response.headers()
                                            .firstValueAsLong("Retry-After")
                                            .orElse(1);
            CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS)
                    .execute(() -> heavyBatch(http, body, done));
        });
    }

    private void slowBodies(int connections) {
        Socket[] sockets = new Socket[connections];
        byte[] headers = ("POST /predict HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json"
                        + "\r\nContent-Length: 100000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        while (running) {
            for (int i = 0; i < connections && running; i++) {
                try {
                    if (sockets[i] == null || !answeredOrOpen(sockets[i])) {
                        if (sockets[i] != null) {
                            slowClosed.incrementAndGet();
                            sockets[i].close();
                        }
                        sockets[i] = new Socket();
                        sockets[i].connect(new InetSocketAddress(base.getHost(), base.getPort()), 2_000);
                        sockets[i].setSoTimeout(1);
                        slowOpened.incrementAndGet();
                        sockets[i].getOutputStream().write(headers);
                    }
                    sockets[i].getOutputStream().write('{');
                } catch (IOException e) {
                    sockets[i] = null;
                }
            }
            pause(5_000); // one byte per connection every 5 s
        }
        for (Socket socket : sockets) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** False once the server has answered or closed the connection (anything readable, or end of stream). */
    private static boolean answeredOrOpen(Socket socket) {
        try {
            socket.getInputStream().read(); // the answer's first byte, or -1 when closed
            return false;
        } catch (java.net.SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heaviest batch the API takes by default: 1,000 titles, k = 10. */
    public static String heavyBatchBody(int texts, int k) {
        String titles = IntStream.range(0, texts)
                .mapToObj(i -> "\"organic gluten free chocolate chip cookie dough ice cream pint " + i + "\"")
                .collect(Collectors.joining(","));
        return "{\"texts\":[" + titles + "],\"k\":" + k + "}";
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Outcome outcome = new HostileLoad(base, args[1])
                .run(
                        Duration.ofSeconds(Integer.parseInt(args[2])),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        heavyBatchBody(1000, args.length > 5 ? Integer.parseInt(args[5]) : 10));
        System.out.println(outcome.summary());
        System.out.printf(
                "result %.0f %.0f %.0f %d %d %d %d%n",
                outcome.honestPercentile(0.5),
                outcome.honestPercentile(0.99),
                outcome.honestPercentile(1.0),
                outcome.honestFailures(),
                outcome.heavyStatuses().getOrDefault(200, 0L),
                outcome.heavyStatuses().getOrDefault(429, 0L),
                outcome.slowClosedByServer());
    }
}
