package io.prodcat.demo;

import io.prodcat.testkit.FreePort;
import io.prodcat.testkit.TokenIssuer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The three function jars as processes, wired to {@link DemoServers}, and the local Broker ({@link EventRouter}) that
 * routes their events by knative/triggers.yaml.
 *
 * @param train        the train function (its webhook takes the upload notifications)
 * @param evaluate     the evaluate function (its /drift takes drift checks)
 * @param predict      the predict function
 * @param router       the Broker stand-in; null with direct wiring (the functions post to each other)
 * @param apiKeys      predict's admin and feedback keys
 * @param metricsToken the Bearer token every function's /actuator/prometheus takes (this run's, random)
 * @param eventToken   a token of the demo's event issuer for an audience, as the Broker or a PingSource presents
 */
record DemoFunctions(
        FunctionProcess train,
        FunctionProcess evaluate,
        FunctionProcess predict,
        EventRouter router,
        DemoApiKeys apiKeys,
        String metricsToken,
        java.util.function.Function<String, String> eventToken) {

    static final String MODEL_NAME = "prodcat-classifier";
    /** The audience of tokens for the router, as a Broker's ({@link EventRouter.Senders}). */
    static final String BROKER_AUDIENCE = "prodcat-broker";
    /** The identities knative/eventpolicy.yaml lets post: the webhook's SinkBinding and the drift check's. */
    static final String WEBHOOK_SENDER = "system:serviceaccount:prodcat:prodcat-webhook-sink";

    static final String DRIFT_SENDER = "system:serviceaccount:prodcat:prodcat-evaluate-sink";

    /**
     * Starts the router and the functions, and waits until all three answer.
     *
     * @param trainPort  train's port (the embedded S3 already notifies it)
     * @param onEvent    every event the router routes
     * @param direct     no router: the functions send their events straight to the next one (PRODCAT_EVENTS_ROUTES)
     * @param predictSettings more environment for predict (a benchmark's settings); empty for the demo
     * @param images     null: the functions' jars as processes; else their images (a format for the function's
     *                   name, e.g. {@code localhost/prodcat/%s:latest}), each run as its Knative Service runs it
     */
    static DemoFunctions start(
            Path root,
            DemoServers servers,
            int trainPort,
            String webhookToken,
            String textColumns,
            String labelColumn,
            Consumer<EventRouter.RoutedEvent> onEvent,
            boolean direct,
            DemoApiKeys apiKeys,
            Map<String, String> predictSettings,
            String images,
            StartedResources started,
            Progress progress)
            throws Exception {
        int evaluatePort = FreePort.find();
        int predictPort = FreePort.find();
        Map<String, URI> subscribers = Map.of(
                "prodcat-train", URI.create("http://127.0.0.1:" + trainPort + "/"),
                "prodcat-evaluate", URI.create("http://127.0.0.1:" + evaluatePort + "/"),
                "prodcat-predict", URI.create("http://127.0.0.1:" + predictPort + "/"));
        // security on, as in the cluster: the router signs its deliveries like Knative's OIDC delivery, and each
        // function checks them against this issuer's keys with its own audience
        TokenIssuer issuer = started.add(TokenIssuer.start());
        EventRouter router = null;
        String directToken = java.util.UUID.randomUUID().toString();
        Map<String, String> routes = Map.of();
        if (direct) {
            // as on OpenFaaS (openfaas/stack.yml): no Broker; each function posts its events to the next one's URL,
            // with the shared event token
            routes = directRoutes(subscribers, predictPort);
            progress.line("wiring: direct, no router: " + routes.get("PRODCAT_EVENTS_ROUTES"));
        } else {
            List<Trigger> triggers = Trigger.readAll(root.resolve("knative/triggers.yaml"));
            // as knative/eventpolicy.yaml: only the webhook's and the drift check's identities may post (tokens for
            // the router's audience, from the files their SinkBindings would mount)
            EventRouter.Senders senders = new EventRouter.Senders(
                    token -> issuer.verifiedSubject(token, BROKER_AUDIENCE),
                    java.util.Set.of(WEBHOOK_SENDER, DRIFT_SENDER));
            router = started.add(new EventRouter(triggers, subscribers, senders, FreePort.find(), progress::line));
            router.onEvent(onEvent);
            router.signDeliveriesWith(audience -> issuer.token("system:serviceaccount:prodcat:demo-router", audience));
            progress.line("router: " + router.uri() + " routes "
                    + triggers.stream()
                            .map(t -> t.filter().get("type") + " -> " + t.subscriber())
                            .toList() + " (knative/triggers.yaml)");
        }

        Map<String, String> env = new LinkedHashMap<>(servers.environment());
        env.put("PRODCAT_DATASET_TEXT_COLUMNS", textColumns);
        env.put("PRODCAT_DATASET_LABEL_COLUMN", labelColumn);
        env.put("PRODCAT_MODEL_NAME", MODEL_NAME);
        env.put("PRODCAT_DATASET_BUCKETS", DemoServers.DATASET_BUCKET);
        env.put("PRODCAT_DATASET_PREFIX", DemoServers.DATASET_PREFIX);
        String metricsToken = java.util.UUID.randomUUID().toString();
        env.put("PRODCAT_METRICS_TOKEN", metricsToken);
        // every function on loopback only, like every server the demo starts
        env.put("SERVER_ADDRESS", "127.0.0.1");
        Path logs = Files.createDirectories(root.resolve("target/demo-logs"));
        if (direct) {
            env.putAll(routes);
            env.put("PRODCAT_EVENTS_AUTH_MODE", "token");
            env.put("PRODCAT_EVENTS_AUTH_TOKEN", directToken);
        }
        Map<String, String> trainEnv = new LinkedHashMap<>(env);
        Map<String, String> evaluateEnv = new LinkedHashMap<>(env);
        Map<String, String> predictEnv = new LinkedHashMap<>(env);
        if (!direct) {
            trainEnv.putAll(issuer.functionEnvironment("prodcat-train"));
            trainEnv.put("K_SINK", router.uri().toString());
            trainEnv.put(
                    "PRODCAT_EVENTS_SINK_TOKEN_FILE",
                    SinkTokens.write(started, issuer, WEBHOOK_SENDER, logs).toString());
            evaluateEnv.putAll(issuer.functionEnvironment("prodcat-evaluate"));
            evaluateEnv.put("K_SINK", router.uri().toString()); // drift.detected
            evaluateEnv.put(
                    "PRODCAT_EVENTS_SINK_TOKEN_FILE",
                    SinkTokens.write(started, issuer, DRIFT_SENDER, logs).toString());
            predictEnv.putAll(issuer.functionEnvironment("prodcat-predict"));
        }
        trainEnv.put("PRODCAT_WEBHOOK_TOKEN", webhookToken);
        if (servers.versity() != null) {
            trainEnv.put("PRODCAT_WEBHOOK_AUTH", "store"); // Versity sends no token: each record is checked in S3
        }
        evaluateEnv.put("PRODCAT_DRIFT_MIN_PREDICTIONS", "100");
        predictEnv.put("PRODCAT_ACCESS_API_KEYS", apiKeys.configured());
        predictEnv.put("PRODCAT_PREDICTION_LOG_TEXTS", "true"); // the drift check's domain classifier reads the titles
        predictEnv.putAll(predictSettings);
        FunctionProcess train = started.add(launch(root, images, "train", trainPort, trainEnv, logs, progress));
        FunctionProcess evaluate =
                started.add(launch(root, images, "evaluate", evaluatePort, evaluateEnv, logs, progress));
        FunctionProcess predict = started.add(launch(root, images, "predict", predictPort, predictEnv, logs, progress));
        progress.line("functions: starting train, evaluate and predict (logs in " + logs + ")...");
        for (FunctionProcess function : List.of(train, evaluate, predict)) {
            function.awaitAlive(Duration.ofMinutes(3));
        }
        progress.line("functions: up (train " + train.uri("/") + ", evaluate " + evaluate.uri("/") + ", predict "
                + predict.uri("/") + ")");
        return new DemoFunctions(
                train,
                evaluate,
                predict,
                router,
                apiKeys,
                metricsToken,
                direct
                        ? audience -> directToken
                        : audience -> issuer.token("system:serviceaccount:prodcat:demo-router", audience));
    }

    /** Without a Broker: each event type to the function that takes it (drift.detected to predict's route). */
    private static Map<String, String> directRoutes(Map<String, URI> functions, int predictPort) {
        String routes = String.join(
                ",",
                "dataset.uploaded=" + functions.get("prodcat-train"),
                "training.completed=" + functions.get("prodcat-evaluate"),
                "model.promoted=" + functions.get("prodcat-predict"),
                "drift.detected=http://127.0.0.1:" + predictPort + "/retrain-on-drift");
        return Map.of("PRODCAT_EVENTS_ROUTES", routes);
    }

    /** The processes of the functions' containers (none when they run as jars). */
    List<ProcessHandle> containerProcesses() {
        return java.util.stream.Stream.of(train, evaluate, predict)
                .flatMap(function -> function.containerProcess().stream())
                .toList();
    }

    /** Whether the functions call each other directly (no router: {@link #router()} is null). */
    boolean direct() {
        return router == null;
    }

    /** The function's jar as a process, or with {@code images} (a format naming the image) its image. */
    private static FunctionProcess launch(
            Path root, String images, String function, int port, Map<String, String> env, Path logs, Progress progress)
            throws java.io.IOException {
        if (images == null) {
            return FunctionProcess.start(function, jar(root, function), port, env, logs);
        }
        Map<String, String> demo = new LinkedHashMap<>(env);
        // the cluster's service-account files are not here: the demo's issuer serves its keys on loopback
        demo.put("PRODCAT_EVENTS_AUTH_OIDC_JWKS_CA_FILE", "");
        demo.put("PRODCAT_EVENTS_AUTH_OIDC_JWKS_TOKEN_FILE", "");
        // the directories of the files the function is told to read (the sink's token), mounted read-only
        List<Path> hostDirs = demo.values().stream()
                .filter(value -> value.startsWith("/") && Files.isRegularFile(Path.of(value)))
                .map(value -> Path.of(value).getParent())
                .distinct()
                .toList();
        String image = images.formatted(function);
        ServiceContainer service = ServiceContainer.read(root, function);
        progress.line(function + ": image " + image + " as knative/" + function + ".yaml runs it; the demo's in place"
                + " of the cluster's: " + service.replaced(demo));
        return FunctionProcess.container(service, image, port, demo, hostDirs, logs);
    }

    private static Path jar(Path root, String function) {
        return root.resolve("functions/" + function + "/target/prodcat-" + function + "-0.1.0-SNAPSHOT.jar");
    }
}
