package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.testkit.Prerequisite;
import io.prodcat.testkit.SyntheticCatalog;
import io.prodcat.testkit.VersityGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo end to end, as `./prodcat demo --exit-when-done --data FILE` runs it: real S3Proxy, MariaDB and MLflow,
 * the three function jars as processes, events routed by knative/triggers.yaml (or, with direct wiring, sent by
 * each function to the next).
 */
class DemoIT {

    @Test
    void uploadedDatasetIsTrainedEvaluatedPromotedAndServedAndNotRetrainedWhenUploadedAgain(@TempDir Path dir)
            throws Exception {
        StringWriter printed = new StringWriter();
        DemoResult result = runDemo(dir, SyntheticCatalog.pathCsv(30, 11), true, printed);

        assertChainCompleted(result, printed.toString());
        assertThat(printed.toString()).contains("mlflow:  http://127.0.0.1:");
        // every server of the demo (functions, router, S3, MariaDB, MLflow, the token issuer) on loopback only
        assertThat(result.listening())
                .hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(socket -> assertThat(socket).startsWith("127.0.0.1:"));
        // labels that are category paths go through the chain as a tree
        assertThat(result.predictions())
                .allSatisfy(p -> assertThat(p.predictedLabel()).contains(" > "));
        assertThat(((Number) result.metricsRow().get("hierarchical_f1")).doubleValue())
                .isGreaterThan(0.5);
        assertThat(printed.toString())
                .contains("model_metrics_level: level 1, 3 classes")
                .contains("model_metrics_level: level 2, 4 classes");
    }

    /** As on a machine without Python: MLflow off, the functions run with MLFLOW_TRACKING_URI=none. */
    @Test
    void withoutTrackingTheLedgerKeepsTheRegistry(@TempDir Path dir) throws Exception {
        StringWriter printed = new StringWriter();
        // large enough for 100 held-out titles: the drift check's domain classifier needs as many reference titles
        DemoResult result = runDemo(dir, SyntheticCatalog.csv(300, 11), false, printed);

        assertChainCompleted(result, printed.toString());
        assertThat(printed.toString()).contains("mlflow: off").contains("mlflow:  off");
        // --drift: titles of another domain make the check find drift and send drift.detected through the router
        JsonNode drift = result.monitoring().driftReport();
        assertThat(drift.path("verdict").asString()).as(drift.toString()).isEqualTo("drift");
        assertThat(drift.path("fired").toString()).as(printed.toString()).contains("domain_auc");
        assertThat(printed.toString()).contains("router: io.prodcat.drift.detected");
        assertThat(result.monitoring()
                        .queries()
                        .get("Drift checks by verdict [A]")
                        .series())
                .isPositive();
    }

    /**
     * {@code --wiring direct}, as on OpenFaaS: no router; train posts training.completed to evaluate's URL and
     * evaluate model.promoted to predict's (PRODCAT_EVENTS_ROUTES), each with the shared event token, and the demo
     * follows the chain in the ledger and in train's metrics.
     */
    @Test
    void withDirectWiringTheFunctionsCallEachOtherWithoutARouter(@TempDir Path dir) throws Exception {
        StringWriter printed = new StringWriter();
        DemoResult result = runDemo(dir, SyntheticCatalog.csv(40, 13), false, false, true, false, printed);

        assertCommonChain(result, printed.toString());
        assertThat(printed.toString())
                .contains("wiring: direct, no router: dataset.uploaded=http://127.0.0.1:")
                .contains("evaluate: promoted")
                .doesNotContainPattern("\\] router: "); // no line of the Broker stand-in
    }

    /**
     * {@code --s3 versity}: the demo's S3 is Versity Gateway, built from the Go module proxy, whose own bucket
     * notification (AWS's envelope, no token) starts the chain; train checks it against the store.
     */
    @Test
    void onVersityGatewayItsOwnNotificationStartsTheChain(@TempDir Path dir) throws Exception {
        Prerequisite.require(VersityGateway.obtainable(), "Versity Gateway is built with Go: no `go` on the PATH");
        StringWriter printed = new StringWriter();
        DemoResult result = runDemo(dir, SyntheticCatalog.csv(40, 17), false, false, false, true, printed);

        assertThat(printed.toString())
                .contains("s3: Versity Gateway " + VersityGateway.VERSION)
                .contains("its test event was answered by train")
                .doesNotContain("MinIO notification to");
        assertThat(result.trainingRow())
                .containsEntry("status", "FINISHED")
                .containsEntry("dataset_path", "s3://dataset/train/catalog.csv");
        assertThat(result.championVersion()).isEqualTo("1");
        assertThat(result.predictions()).hasSize(3);
        assertThat(result.reuploadSkipped()).as(printed.toString()).isTrue();
        assertThat(result.succeeded()).isTrue();
    }

    private static DemoResult runDemo(Path dir, String csv, boolean tracking, StringWriter printed) throws Exception {
        return runDemo(dir, csv, tracking, !tracking, false, false, printed); // the drift check in one of the two
    }

    private static DemoResult runDemo(
            Path dir,
            String csv,
            boolean tracking,
            boolean drift,
            boolean direct,
            boolean onVersity,
            StringWriter printed)
            throws Exception {
        Path data = dir.resolve("catalog.csv");
        Files.writeString(data, csv, StandardCharsets.UTF_8);
        try (DemoRun run = new DemoRun(
                Path.of(System.getProperty("prodcat.root")),
                data,
                "product_name",
                "department",
                300,
                tracking,
                drift,
                direct,
                null,
                onVersity,
                new PrintWriter(printed, true))) {
            return run.execute();
        }
    }

    private static void assertChainCompleted(DemoResult result, String printed) {
        assertCommonChain(result, printed);
        assertThat(printed)
                .contains("io.prodcat.dataset.uploaded -> prodcat-train: 200, reply io.prodcat.training.completed")
                .contains("reply io.prodcat.model.promoted")
                .contains("io.prodcat.model.promoted -> prodcat-predict: 202")
                .doesNotContain("DEAD LETTER");
    }

    private static void assertCommonChain(DemoResult result, String printed) {

        assertThat(result.trainingRow())
                .containsEntry("status", "FINISHED")
                .containsEntry("dataset_path", "s3://dataset/train/catalog.csv");
        assertThat(result.trainingRow().get("dataset_hash").toString()).matches("[0-9a-f]{40}");
        assertThat(result.trainingRow().get("weights_s3").toString()).startsWith("s3://models/");
        assertThat(result.metricsRow()).containsEntry("model_version", result.championVersion());
        assertThat(((Number) result.metricsRow().get("f1")).doubleValue()).isGreaterThan(0.5);
        assertThat(result.championVersion()).isEqualTo("1");
        assertThat(result.predictions()).hasSize(3).allSatisfy(prediction -> {
            assertThat(prediction.modelVersion()).isEqualTo("1");
            assertThat(prediction.predictedLabel()).isNotBlank();
        });
        assertThat(result.predictions())
                .anySatisfy(p -> assertThat(p.predictedLabel()).isEqualTo(p.trueLabel()));
        assertThat(result.uploadToChampion()).isNotNull();
        assertThat(result.reuploadSkipped()).isTrue();
        assertThat(result.succeeded()).isTrue();
        assertServingFiguresInPrometheus(result.monitoring(), printed);
        assertThat(printed).contains("MinIO notification to").contains("train: skipped");
    }

    /**
     * A real Prometheus scraped the three functions and answered every query of the serving dashboard and of the
     * alert rules as an instant vector; the ones the demo's traffic feeds have series, and the output shows them.
     */
    private static void assertServingFiguresInPrometheus(DemoMonitoring.Result monitoring, String printed) {
        assertThat(monitoring).isNotNull();
        assertThat(monitoring.prometheusUrl())
                .as("prometheus must be installed for this test: apt-get install prometheus (.ci/run does)")
                .isNotNull();
        assertThat(monitoring.queries())
                .hasSizeGreaterThan(15)
                .allSatisfy((query, answer) ->
                        assertThat(answer.resultType()).as(query).isEqualTo("vector"));
        for (String fed : List.of(
                "Requests per second by route [A]",
                "POST /predict latency p50 and p99 [A]",
                "POST /predict latency p50 and p99 [B]",
                "Version served [A]",
                "Labels served, share of answers [A]",
                "Labels in the reference (held-out answers), share [A]",
                "Top-1 probability of the answers [A]",
                "Model loads [A]",
                "Feedback accuracy (answers users corrected or confirmed) [A]",
                "Trainings and evaluations by outcome [A]",
                "Prediction log rows written and dropped [A]")) {
            assertThat(monitoring.queries().get(fed).series()).as(fed).isPositive();
        }
        // a healthy run raises no alert that needs a model or errors to fire
        assertThat(monitoring.queries().get("alert NoChampionServed").series()).isZero();
        assertThat(monitoring.queries().get("alert PredictErrorRateHigh").series())
                .isZero();
        assertThat(printed)
                .contains("prometheus: " + monitoring.prometheusUrl())
                .contains("Version served [A]: 1 = 1");
    }
}
