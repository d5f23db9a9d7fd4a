package io.prodcat.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./prodcat demo}: the whole chain on this machine (see {@link DemoRun}). */
@Command(
        name = "prodcat demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs prodcat end to end on this machine: an S3 store that notifies like MinIO, MariaDB, MLflow,",
            "the train, evaluate and predict functions, and an event router that routes by knative/triggers.yaml.",
            "Uploads the dataset, follows the chain, shows the results, then keeps serving until Ctrl-C.",
            "MINIO_ENDPOINT (+ MINIO_ACCESS_KEY, MINIO_SECRET_KEY), MYSQL_URL (+ MYSQL_USER, MYSQL_PASSWORD) and",
            "MLFLOW_TRACKING_URI select existing servers instead of the embedded ones."
        })
public final class Demo implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", description = "training CSV (default: examples/products.csv)")
    Path data;

    @Option(
            names = "--text-column",
            paramLabel = "C",
            defaultValue = "product_name",
            description = "text column(s), comma-separated (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(
            names = "--label-column",
            paramLabel = "C",
            defaultValue = "category",
            description = "label column (default: ${DEFAULT-VALUE}, the example catalogue's category paths)")
    String labelColumn;

    @Option(
            names = "--exit-when-done",
            description = "stop after the chain: exit 0 only if the model was evaluated and predict answered")
    boolean exitWhenDone;

    @Option(
            names = "--no-tracking",
            description = "run without MLflow (as when Python is missing): the registry is kept in the ledger")
    boolean noTracking;

    @Option(
            names = "--drift",
            description = "after the chain, feed predict titles of another domain and run a drift check:"
                    + " it reports drift and sends io.prodcat.drift.detected")
    boolean drift;

    @Option(
            names = "--wiring",
            paramLabel = "broker|direct",
            defaultValue = "broker",
            description = "broker: events go through a Broker stand-in routing by knative/triggers.yaml (default);"
                    + " direct: no router, each function posts its events to the next one's URL (PRODCAT_EVENTS_ROUTES),"
                    + " as on OpenFaaS")
    String wiring;

    @Option(
            names = "--images",
            description =
                    "run the functions from their images (./prodcat images builds them) with podman, each as its"
                            + " Knative Service runs it: the manifests' environment, security context, volumes and memory limit")
    boolean images;

    @Option(
            names = "--s3",
            paramLabel = "s3proxy|versity",
            defaultValue = "s3proxy",
            description =
                    "s3proxy: S3Proxy in the demo's JVM, notifying train as MinIO would (default); versity: Versity"
                            + " Gateway (built from the Go module proxy on first use) with its own bucket notifications, train"
                            + " checking each against the store (PRODCAT_WEBHOOK_AUTH=store)")
    String s3;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "how long the chain may take (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the demo's own HTTP servers (the router, the token issuer's keys) drop a request still arriving after 10 s
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.exit(new CommandLine(new Demo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("prodcat.root", "."));
        Path dataset = data != null ? data : root.resolve("examples/products.csv");
        if (!Files.isRegularFile(dataset)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + dataset);
        }
        if (!wiring.equals("broker") && !wiring.equals("direct")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--wiring must be broker or direct, got " + wiring);
        }
        if (!s3.equals("s3proxy") && !s3.equals("versity")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--s3 must be s3proxy or versity, got " + s3);
        }
        DemoRun run = new DemoRun(
                root,
                dataset,
                textColumn,
                labelColumn,
                timeoutSeconds,
                !noTracking,
                drift,
                wiring.equals("direct"),
                images ? System.getProperty("prodcat.images", "localhost/prodcat/%s:latest") : null,
                s3.equals("versity"),
                out);
        Runtime.getRuntime().addShutdownHook(new Thread(run::close, "demo-shutdown"));
        DemoResult result;
        try {
            result = run.execute();
        } catch (RuntimeException | InterruptedException e) {
            out.println("demo: FAILED: " + e.getMessage());
            out.flush();
            run.close();
            return 1;
        }
        if (exitWhenDone) {
            run.close();
            return result.succeeded() ? 0 : 1;
        }
        out.println("demo: serving until Ctrl-C");
        out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
