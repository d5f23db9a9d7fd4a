package io.prodcat.demo;

import io.prodcat.testkit.FreePort;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole chain as the demo deploys it (real S3Proxy and MariaDB, the function jars as processes, events routed by
 * knative/triggers.yaml), driven through predict's API as feedback clients and an admin would: for the poisoning test
 * and benchmark. MLflow is off (the ledger keeps versions and the champion).
 */
final class FeedbackChain implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StartedResources started;
    private final DemoServers servers;
    private final DemoFunctions functions;
    private final ChainFollower follower;

    private FeedbackChain(
            StartedResources started, DemoServers servers, DemoFunctions functions, ChainFollower follower) {
        this.started = started;
        this.servers = servers;
        this.functions = functions;
        this.follower = follower;
    }

    /**
     * @param labelColumn     the catalogues' label column (the text is {@code product_name})
     * @param crowd           feedback clients besides {@code demo-shop}: {@code demo-crowd-1} …
     * @param predictSettings more environment for predict
     */
    static FeedbackChain start(String labelColumn, int crowd, Map<String, String> predictSettings, PrintWriter out)
            throws Exception {
        Progress progress = new Progress(out);
        StartedResources started = new StartedResources(out);
        try {
            int trainPort = FreePort.find();
            String webhookToken = UUID.randomUUID().toString();
            DemoServers servers = DemoServers.start(
                    URI.create("http://127.0.0.1:" + trainPort + "/minio"),
                    webhookToken,
                    false,
                    false,
                    started,
                    progress);
            BlockingQueue<EventRouter.RoutedEvent> events = new LinkedBlockingQueue<>();
            DemoFunctions functions = DemoFunctions.start(
                    Path.of(System.getProperty("prodcat.root", ".")),
                    servers,
                    trainPort,
                    webhookToken,
                    "product_name",
                    labelColumn,
                    events::add,
                    false,
                    DemoApiKeys.withCrowd(crowd),
                    predictSettings,
                    null,
                    started,
                    progress);
            ChainFollower follower =
                    new ChainFollower(servers, functions, events, webhookToken, Duration.ofMinutes(10), progress);
            return new FeedbackChain(started, servers, functions, follower);
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /** Uploads a catalogue and follows it through train and evaluate; the version it made champion, or null. */
    String train(Path catalogue, String key) throws Exception {
        follower.upload(catalogue, key);
        String version = follower.follow(key).promotedVersion;
        if (version != null) {
            follower.awaitServed(version);
        }
        return version;
    }

    /** The feedback client keys: {@code demo-shop}'s first, then the crowd's. */
    List<String> feedbackKeys() {
        List<String> keys = new ArrayList<>(List.of(functions.apiKeys().feedback()));
        keys.addAll(functions.apiKeys().crowd());
        return keys;
    }

    /** The client name predict gives the n-th of {@link #feedbackKeys()}. */
    static String clientName(int index) {
        return index == 0 ? "demo-shop" : "demo-crowd-" + index;
    }

    int feedback(String key, String text, String label) throws Exception {
        return send("POST", "/feedback", key, JSON.writeValueAsString(Map.of("text", text, "label", label)))
                .statusCode();
    }

    /** {@code POST /feedback/export} as the admin. */
    JsonNode export() throws Exception {
        HttpResponse<String> answer =
                send("POST", "/feedback/export", functions.apiKeys().admin(), "");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("export answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** The version the exported dataset's training made champion, once served; null when it was not promoted. */
    ChainFollower.Chain followExport(JsonNode export) throws Exception {
        String key = URI.create(export.path("dataset").asString()).getPath().substring(1);
        ChainFollower.Chain chain = follower.follow(key);
        if (chain.promotedVersion != null) {
            follower.awaitServed(chain.promotedVersion);
        }
        return chain;
    }

    /** Held rows per client ({@code GET /admin/feedback/held}). */
    JsonNode heldByClient() throws Exception {
        return JSON.readTree(
                        send("GET", "/admin/feedback/held", functions.apiKeys().admin(), null)
                                .body())
                .path("byClient");
    }

    String servedVersion() throws Exception {
        return JSON.readTree(send("GET", "/model", null, null).body())
                .path("version")
                .asString();
    }

    /** The served model's answer for each title (in batches of 1,000, predict's limit). */
    Map<String, String> answers(List<String> titles) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (int from = 0; from < titles.size(); from += 1000) {
            List<String> batch = titles.subList(from, Math.min(titles.size(), from + 1000));
            JsonNode body =
                    JSON.readTree(send("POST", "/predict", null, JSON.writeValueAsString(Map.of("texts", batch)))
                            .body());
            for (int i = 0; i < batch.size(); i++) {
                answers.put(
                        batch.get(i), body.path("results").get(i).path("label").asString());
            }
        }
        return answers;
    }

    /** Moves the champion back ({@code POST /admin/champion}) and waits until predict serves it. */
    void rollBack(String version) throws Exception {
        String body = JSON.writeValueAsString(Map.of("version", version, "reason", "benchmark: next scenario"));
        HttpResponse<String> answer =
                send("POST", "/admin/champion", functions.apiKeys().admin(), body);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("rollback answered " + answer.statusCode() + ": " + answer.body());
        }
        follower.awaitServed(version);
    }

    /** Drops what waits or is held of these clients ({@code POST /admin/feedback/review}), as an admin would. */
    void dropFeedbackOf(List<String> clients) throws Exception {
        for (String client : clients) {
            String body = JSON.writeValueAsString(Map.of("decision", "drop", "client", client));
            HttpResponse<String> answer =
                    send("POST", "/admin/feedback/review", functions.apiKeys().admin(), body);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("review answered " + answer.statusCode() + ": " + answer.body());
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(functions.predict().uri(path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        started.close();
    }
}
