package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prodcat.testkit.RecordingHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The demo's Broker stand-in against real HTTP subscribers (JDK servers that record and answer as told). */
class EventRouterTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void deliversByTypeRetriesRetryableAnswersAndDeadLettersTheRest() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        try (RecordingHttpServer flaky = RecordingHttpServer.start(503, 503);
                RecordingHttpServer refusing = RecordingHttpServer.start(400);
                EventRouter router = new EventRouter(
                        List.of(
                                new Trigger(
                                        "to-flaky",
                                        Map.of("type", "t.one"),
                                        "flaky",
                                        "flaky-audience",
                                        2,
                                        true,
                                        Duration.ofMillis(10)),
                                new Trigger(
                                        "to-refusing",
                                        Map.of("type", "t.two"),
                                        "refusing",
                                        "refusing",
                                        3,
                                        false,
                                        Duration.ofMillis(10))),
                        Map.of("flaky", URI.create(flaky.url()), "refusing", URI.create(refusing.url())),
                        SENDERS,
                        0,
                        progress::add)) {
            router.signDeliveriesWith(audience -> "token-for-" + audience);

            assertThat(sendBinary(router, "t.one", "e-1").statusCode()).isEqualTo(202);
            for (int attempt = 1; attempt <= 3; attempt++) {
                RecordingHttpServer.Request delivered = flaky.next();
                assertThat(delivered.header("ce-id")).isEqualTo("e-1");
                assertThat(delivered.header("Authorization")).isEqualTo("Bearer token-for-flaky-audience");
                assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
            }
            String structured =
                    "{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"/test\",\"type\":\"t.two\",\"data\":{}}";
            assertThat(send(
                                    router,
                                    HttpRequest.newBuilder(router.uri())
                                            .header("Content-Type", "application/cloudevents+json")
                                            .POST(HttpRequest.BodyPublishers.ofString(structured)))
                            .statusCode())
                    .isEqualTo(202);
            assertThat(new String(refusing.next().body(), StandardCharsets.UTF_8))
                    .isEqualTo(structured);
            awaitDeadLetter(router);

            assertThat(router.deadLetters())
                    .singleElement()
                    .satisfies(event -> assertThat(event.attributes()).containsEntry("id", "e-2"));
            assertThat(refusing.pending()).isZero(); // a 400 is not retried
            assertThat(flaky.pending()).isZero();
            assertThat(send(
                                    router,
                                    HttpRequest.newBuilder(router.uri())
                                            .POST(HttpRequest.BodyPublishers.ofString("not an event")))
                            .statusCode())
                    .isEqualTo(400);
            assertThat(progress).anyMatch(line -> line.contains("t.one -> flaky: 202"));
        }
    }

    private static HttpResponse<String> sendBinary(EventRouter router, String type, String id) throws Exception {
        return send(
                router,
                HttpRequest.newBuilder(router.uri())
                        .header("ce-specversion", "1.0")
                        .header("ce-id", id)
                        .header("ce-source", "/test")
                        .header("ce-type", type)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")));
    }

    /**
     * As knative/eventpolicy.yaml: an event from anyone but the allowed senders is refused (401 without a valid token,
     * 403 with a valid token of another identity) and reaches no subscriber; so is one over the Broker's 1 MiB limit,
     * even from an allowed sender.
     */
    @Test
    void onlyTheAllowedSendersPostAndNoEventOverTheLimitIsTaken() throws Exception {
        try (RecordingHttpServer train = RecordingHttpServer.start(200);
                EventRouter router = new EventRouter(
                        List.of(new Trigger(
                                "to-train",
                                Map.of("type", "io.prodcat.dataset.uploaded"),
                                "train",
                                "train",
                                0,
                                false,
                                Duration.ofMillis(10))),
                        Map.of("train", URI.create(train.url())),
                        SENDERS,
                        0,
                        line -> {})) {
            String event = "{\"bucket\":\"dataset\",\"key\":\"train/poisoned.csv\",\"sizeBytes\":1}";
            assertThat(post(router, null, event).statusCode()).as("no token").isEqualTo(401);
            assertThat(post(router, "Basic d2ViaG9vazp4", event).statusCode())
                    .as("another scheme")
                    .isEqualTo(401);
            assertThat(post(router, "Bearer forged", event).statusCode())
                    .as("not a valid token")
                    .isEqualTo(401);
            assertThat(post(router, "Bearer valid-for:someone-else", event).statusCode())
                    .as("a valid token of an identity the policy does not name")
                    .isEqualTo(403);
            // a hundred times: the answer, not a connection reset while the client still sends (before the router read
            // the rest, 3 runs of 5 of this loop met a reset)
            String overTheLimit = "{\"pad\":\"" + "x".repeat(EventRouter.MAX_EVENT_BYTES) + "\"}";
            for (int attempt = 0; attempt < 100; attempt++) {
                assertThat(post(router, "Bearer valid-for:webhook", overTheLimit)
                                .statusCode())
                        .as("over the limit")
                        .isEqualTo(413);
            }
            Thread.sleep(200);
            assertThat(train.pending()).as("nothing was delivered").isZero();

            assertThat(post(router, "Bearer valid-for:webhook", event).statusCode())
                    .isEqualTo(202);
            assertThat(train.next().header("ce-type")).isEqualTo("io.prodcat.dataset.uploaded");
        }
    }

    /** Tokens "valid-for:SUBJECT" are valid; the policy admits "webhook". */
    private static final EventRouter.Senders SENDERS = new EventRouter.Senders(
            token -> token.startsWith("valid-for:")
                    ? java.util.Optional.of(token.substring("valid-for:".length()))
                    : java.util.Optional.empty(),
            java.util.Set.of("webhook"));

    private static HttpResponse<String> post(EventRouter router, String authorization, String data) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(router.uri())
                .header("ce-specversion", "1.0")
                .header("ce-id", java.util.UUID.randomUUID().toString())
                .header("ce-source", "/attacker")
                .header("ce-type", "io.prodcat.dataset.uploaded")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(EventRouter router, HttpRequest.Builder request) throws Exception {
        request.header("Authorization", "Bearer valid-for:webhook");
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitDeadLetter(EventRouter router) {
        await("a dead letter")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !router.deadLetters().isEmpty());
    }
}
