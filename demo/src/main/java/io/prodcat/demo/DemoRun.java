package io.prodcat.demo;

import io.prodcat.testkit.FreePort;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One demo run: starts (or connects to) the servers ({@link DemoServers}), the router and the three functions
 * ({@link DemoFunctions}), uploads the dataset and follows the events to a served champion ({@link ChainFollower}),
 * prints the ledger, metrics, champion and predictions ({@link DemoReport}), serves traffic and shows it in
 * Prometheus, with {@code --drift} a drift check ({@link DemoMonitoring}), and uploads the same bytes again to show
 * that they are not retrained. {@link #close()} stops everything it started.
 */
final class DemoRun implements AutoCloseable {

    private final Path root;
    private final Path dataset;
    private final String textColumns;
    private final String labelColumn;
    private final Duration timeout;
    private final boolean tracking;
    private final boolean feedOffDomain;
    private final boolean directWiring;
    private final String images;
    private final boolean onVersity;
    private final Progress progress;
    private final StartedResources started;
    private final String webhookToken = UUID.randomUUID().toString();
    private DemoServers servers;
    private DemoFunctions functions;

    /** @param onVersity the demo's S3 is Versity Gateway ({@code --s3 versity}) rather than S3Proxy */
    DemoRun(
            Path root,
            Path dataset,
            String textColumns,
            String labelColumn,
            int timeoutSeconds,
            boolean tracking,
            boolean feedOffDomain,
            boolean directWiring,
            String images,
            boolean onVersity,
            PrintWriter out) {
        this.root = root;
        this.dataset = dataset;
        this.textColumns = textColumns;
        this.labelColumn = labelColumn;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.tracking = tracking;
        this.feedOffDomain = feedOffDomain;
        this.directWiring = directWiring;
        this.images = images;
        this.onVersity = onVersity;
        this.progress = new Progress(out);
        this.started = new StartedResources(out);
    }

    DemoResult execute() throws Exception {
        int trainPort = FreePort.find();
        URI trainWebhook = URI.create("http://127.0.0.1:" + trainPort + "/minio");
        servers = DemoServers.start(trainWebhook, webhookToken, tracking, onVersity, started, progress);
        BlockingQueue<EventRouter.RoutedEvent> events = new LinkedBlockingQueue<>();
        functions = DemoFunctions.start(
                root,
                servers,
                trainPort,
                webhookToken,
                textColumns,
                labelColumn,
                events::add,
                directWiring,
                DemoApiKeys.random(),
                java.util.Map.of(),
                images,
                started,
                progress);
        if (servers.versity() != null) {
            // Versity posts a test event to the webhook as it starts, and exits when nothing answers
            servers.versity().start(trainWebhook.toString());
            progress.line("s3: Versity Gateway started; its test event was answered by train");
        }
        ChainFollower follower = new ChainFollower(servers, functions, events, webhookToken, timeout, progress);

        String key = DemoServers.DATASET_PREFIX + dataset.getFileName();
        long uploadedAt = System.nanoTime();
        follower.upload(dataset, key);
        ChainFollower.Chain chain = follower.follow(key);
        Duration toChampion = null;
        if (chain.promotedVersion != null) {
            follower.awaitServed(chain.promotedVersion);
            toChampion = Duration.ofNanos(System.nanoTime() - uploadedAt);
            progress.line(String.format(
                    "upload -> champion %s served by predict: %.1f s",
                    chain.promotedVersion, toChampion.toMillis() / 1000.0));
        }
        DemoResult result = new DemoReport(servers, functions, progress.out())
                .print(key, chain, dataset, DemoReport.schema(textColumns, labelColumn), toChampion);
        DemoMonitoring.Result monitoring = result.succeeded()
                ? new DemoMonitoring(root, functions, started, progress.out())
                        .run(dataset, DemoReport.schema(textColumns, labelColumn), feedOffDomain)
                : null;
        boolean skipped = follower.uploadAgain(dataset, key);
        // with everything the demo started still running, Prometheus included
        List<String> listening = ListeningSockets.ofThisDemo(functions.containerProcesses());
        progress.line("listening: " + listening.size() + " sockets, "
                + (ListeningSockets.loopbackOnly(listening)
                        ? "all on 127.0.0.1"
                        : "NOT all on loopback: " + listening));
        return new DemoResult(
                result.trainingRow(),
                result.metricsRow(),
                result.championVersion(),
                result.predictions(),
                toChampion,
                skipped,
                monitoring,
                listening);
    }

    /** The functions {@link #execute()} started, still running until {@link #close()}. */
    DemoFunctions functions() {
        return functions;
    }

    /** The servers {@link #execute()} started or connected to. */
    DemoServers servers() {
        return servers;
    }

    @Override
    public void close() {
        started.close();
    }
}
