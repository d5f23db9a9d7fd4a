package io.prodcat.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import io.prodcat.function.support.TokenDigest;
import io.prodcat.testkit.FunctionServers;
import io.prodcat.testkit.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slow and greedy clients (docs/SECURITY.md, Limits) against predict serving a departments model: bodies that
 * trickle are cut at the deadline, refused bodies are not read, one client's requests in progress are bounded, and
 * under 250 slow connections and 200 heavy batches an honest client is still answered, every time and quickly
 * ({@code bench/hostile.sh} measures the same attack at full length, against the packaged function).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@FunctionServers(database = "predict_hostile")
class HostileTrafficIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HONEST_KEY = "honest-" + UUID.randomUUID();
    private static final String FEEDBACK_KEY = "feedback-" + UUID.randomUUID();
    private static final int CLIENT_CONCURRENCY = 4;
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(3);
    private static ServedFileModel served;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void servers(FunctionServers.Servers servers) throws Exception {
        var dataset = new CsvDatasetReader(DatasetSchema.of("product_name", "department"), ReadLimits.DEFAULT)
                .read(SharedData.file("instacart/train.csv"));
        served = ServedFileModel.create(
                servers,
                "model.prodcat",
                new LinearTrainer(HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("costs", "0.5")))
                        .train(dataset, null)
                        .model());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        served.register(registry);
        registry.add("prodcat.prediction-log.sample", () -> "0");
        registry.add("prodcat.limits.body-deadline", () -> BODY_DEADLINE.toSeconds() + "s");
        registry.add("server.tomcat.connection-timeout", () -> "2s");
        registry.add("prodcat.api.client-concurrency", () -> Integer.toString(CLIENT_CONCURRENCY));
        registry.add(
                "prodcat.access.api-keys",
                () -> "honest:predict:" + TokenDigest.sha256Hex(HONEST_KEY) + " shop:feedback:"
                        + TokenDigest.sha256Hex(FEEDBACK_KEY));
    }

    @Test
    void anHonestClientIsAnsweredThroughSlowBodiesAndHeavyBatches() throws Exception {
        HostileLoad.Outcome outcome = new HostileLoad(URI.create("http://127.0.0.1:" + port), HONEST_KEY)
                .run(Duration.ofSeconds(15), 250, 200, HostileLoad.heavyBatchBody(1000, 10));
        System.out.println("hostile traffic: " + outcome.summary());

        assertThat(outcome.honestFailures()).as(outcome.summary()).isZero();
        assertThat(outcome.honestMillis()).hasSizeGreaterThan(250);
        // the target (p99 <= 50 ms) is bench/hostile.sh's to measure; here, on a shared CI machine with the attackers
        // in
        // the same JVM, a bound that still fails by far the way predict failed without these limits (seconds)
        assertThat(outcome.honestPercentile(0.99)).as(outcome.summary()).isLessThan(500);
        assertThat(outcome.heavyStatuses())
                .as("the heavy batches were held back, not all served")
                .containsKey(429);
        assertThat(outcome.heavyStatuses().get(200))
                .as("and yet served in turn")
                .isGreaterThan(20);
        assertThat(outcome.slowClosedByServer()).as("slow connections were cut").isGreaterThan(200);
    }

    @Test
    void aBodyStillTricklingAtTheDeadlineIsCutWith408AndNothingOfItIsKept() throws Exception {
        long before = feedbackRows();
        try (Socket socket = trickle("/feedback", "Bearer " + FEEDBACK_KEY, "{\"text\":\"Organic Whole Milk\",")) {
            long started = System.nanoTime();
            String answer =
                    trickleUntilAnswered(socket, "\"label\":\"dairy eggs\"}".getBytes(), Duration.ofMillis(500));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("Connection: close");
            assertThat(seconds).isLessThanOrEqualTo(BODY_DEADLINE.toSeconds() + 2);
        }
        assertThat(feedbackRows()).as("the feedback was not recorded").isEqualTo(before);
    }

    @Test
    void aBodyThatStallsIsCutAtTheIdleTimeoutWith408() throws Exception {
        long before = feedbackRows();
        try (Socket socket = trickle("/feedback", "Bearer " + FEEDBACK_KEY, "{\"text\":\"Organic Whole Milk\",")) {
            long started = System.nanoTime();
            socket.setSoTimeout(10_000);
            byte[] buffer = new byte[8192];
            int n = socket.getInputStream().read(buffer); // nothing more is sent
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 408");
            assertThat(waited).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(4_000)); // the idle timeout, 2 s
        }
        assertThat(feedbackRows()).isEqualTo(before);
    }

    @Test
    void aRefusedBodyIsNotReadTheConnectionClosesAtOnce() throws Exception {
        // an event with no credentials: 401 before its body, which a slow client would otherwise trickle for minutes
        try (Socket socket = trickle("/", null, "{")) {
            long started = System.nanoTime();
            String answer = trickleUntilClosed(socket, Duration.ofMillis(200), Duration.ofSeconds(10));
            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void oneClientsRequestsInProgressAreBoundedWith429AndRetryAfterWhileOthersAreServed() throws Exception {
        String caller = "greedy-" + UUID.randomUUID();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENT_CONCURRENCY; i++) {
                held.add(trickle("/predict", null, "{\"text\":", "X-Caller-Key: " + caller));
            }
            Thread.sleep(300); // all of them in progress, reading their bodies
            HttpResponse<String> refused = predict(Map.of("X-Caller-Key", caller));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("too many requests of this client in progress");

            assertThat(predict(Map.of("X-Caller-Key", "another-" + UUID.randomUUID()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(predict(Map.of("Authorization", "Bearer " + HONEST_KEY)).statusCode())
                    .isEqualTo(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Thread.sleep(300);
        assertThat(predict(Map.of("X-Caller-Key", caller)).statusCode())
                .as("served again once its requests ended")
                .isEqualTo(200);
    }

    private static long feedbackRows() {
        return served.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM feedback")
                        .mapTo(Long.class)
                        .one());
    }

    private HttpResponse<String> predict(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"organic whole milk\"}"));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A connection that has sent its headers and the start of a 10,000-byte body. */
    private Socket trickle(String path, String authorization, String start, String... extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n").append(start);
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends {@code bytes} one at a time, one per interval, then spaces, until the server answers. */
    private static String trickleUntilAnswered(Socket socket, byte[] bytes, Duration interval) throws IOException {
        socket.setSoTimeout((int) interval.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        for (int i = 0; i < 200; i++) {
            try {
                socket.getOutputStream().write(i < bytes.length ? bytes[i] : ' ');
            } catch (IOException closed) {
                // the server closed its side; its answer is still to be read
            }
            try {
                int n = in.read(buffer);
                if (n > 0) {
                    return new String(buffer, 0, n, StandardCharsets.UTF_8);
                }
            } catch (SocketTimeoutException nothingYet) {
                // keep trickling
            }
        }
        throw new AssertionError("no answer after 200 bytes");
    }

    /** Trickles a byte per interval; the answer once the server has closed the connection (end of stream). */
    private static String trickleUntilClosed(Socket socket, Duration interval, Duration giveUp) throws IOException {
        socket.setSoTimeout((int) interval.toMillis());
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        long end = System.nanoTime() + giveUp.toNanos();
        while (System.nanoTime() < end) {
            try {
                socket.getOutputStream().write('{');
            } catch (IOException closed) {
                // reset: read what arrived
            }
            try {
                int n = socket.getInputStream().read(buffer);
                if (n < 0) {
                    return answer.toString();
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException nothingYet) {
                // still open
            } catch (IOException reset) {
                return answer.toString();
            }
        }
        throw new AssertionError("the connection was still open after " + giveUp + "; answer so far: " + answer);
    }
}
