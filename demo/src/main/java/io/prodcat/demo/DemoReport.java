package io.prodcat.demo;

import io.prodcat.adapters.persistence.LedgerReadings;
import io.prodcat.adapters.tracking.LedgerModelRegistry;
import io.prodcat.adapters.tracking.MlflowModelRegistry;
import io.prodcat.adapters.tracking.ModelRegistry;
import io.prodcat.adapters.tracking.ModelVersion;
import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.tracking.MlflowClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the chain left behind: the ledger row, the metrics row, the champion, and a few of predict's answers. */
final class DemoReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoServers servers;
    private final DemoFunctions functions;
    private final PrintWriter out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoReport(DemoServers servers, DemoFunctions functions, PrintWriter out) {
        this.servers = servers;
        this.functions = functions;
        this.out = out;
    }

    /** Prints the report of the upload at {@code key} and returns its figures. */
    DemoResult print(String key, ChainFollower.Chain chain, Path dataset, DatasetSchema schema, Duration toChampion)
            throws Exception {
        LedgerReadings ledger = new LedgerReadings(servers.ledger());
        Map<String, Object> training = ledger.latestTraining("s3://" + DemoServers.DATASET_BUCKET + "/" + key)
                .orElse(null);
        printRow("auto_training", training);
        Map<String, Object> metrics = training == null
                ? null
                : ledger.latestMetrics(training.get("id").toString()).orElse(null);
        printRow("model_metrics", metrics);
        if (training != null) { // labels that are category paths: the figures per level of the tree
            ledger.holdoutLevels(training.get("id").toString())
                    .forEach(level -> out.printf(
                            java.util.Locale.ROOT,
                            "model_metrics_level: level %s, %s classes: f1 %.4f, min_f1 %.4f, accuracy %.4f%n",
                            level.get("level"),
                            level.get("classes"),
                            ((Number) level.get("f1")).doubleValue(),
                            ((Number) level.get("min_f1")).doubleValue(),
                            ((Number) level.get("accuracy")).doubleValue()));
        }
        ModelRegistry registry = servers.tracked()
                ? new MlflowModelRegistry(new MlflowClient(servers.mlflowUri()), servers.mlflowUri())
                : new LedgerModelRegistry(servers.ledger());
        Optional<ModelVersion> champion = registry.findByAlias(DemoFunctions.MODEL_NAME, "champion");
        out.println("champion: "
                + champion.map(v -> DemoFunctions.MODEL_NAME + " version " + v.version() + " (" + v.sourceUri() + ")")
                        .orElse("none (the quality gate did not promote this model)"));
        List<DemoResult.Prediction> predictions =
                chain.promotedVersion == null && champion.isEmpty() ? List.of() : predictSome(dataset, schema);
        out.println("predict: " + functions.predict().uri("/predict") + "  (API: "
                + functions.predict().uri("/openapi.yaml") + ")");
        out.println("  anybody may predict; feedback and admin calls need a key (this run's, random):");
        out.println("  feedback key " + functions.apiKeys().feedback() + "  e.g. curl -H 'Authorization: Bearer "
                + functions.apiKeys().feedback() + "' -H 'Content-Type: application/json' -d '{\"text\": \"…\","
                + " \"label\": \"…\"}' " + functions.predict().uri("/feedback"));
        out.println("  admin key    " + functions.apiKeys().admin() + "  e.g. curl -X POST -H 'Authorization: Bearer "
                + functions.apiKeys().admin() + "' " + functions.predict().uri("/reload"));
        out.println("  a correction (a label other than the model's answer) from one client waits for a second client's"
                + " (or an admin: PRODCAT_PREDICT_URL=" + functions.predict().uri("") + " PRODCAT_ADMIN_KEY=… ./prodcat"
                + " feedback approve --client demo-shop); docs/SECURITY.md, Poisoning");
        out.println("mlflow:  "
                + (servers.tracked()
                        ? servers.mlflowUri() + "  (runs, metrics, charts, the model registry)"
                        : "off (tracking switched off)"));
        out.flush();
        return new DemoResult(
                training,
                metrics,
                champion.map(ModelVersion::version).orElse(null),
                predictions,
                toChampion,
                false,
                null,
                List.of());
    }

    private List<DemoResult.Prediction> predictSome(Path dataset, DatasetSchema schema) throws Exception {
        List<LabelledText> rows;
        try (InputStream in = Files.newInputStream(dataset)) {
            rows = new CsvDatasetReader(schema, ReadLimits.DEFAULT).read(in).rows();
        }
        List<DemoResult.Prediction> predictions = new ArrayList<>();
        out.println("predictions (POST /predict):");
        for (int i = 1; i <= 3; i++) {
            LabelledText row = rows.get(rows.size() * i / 4);
            String body = JSON.writeValueAsString(Map.of("text", row.text(), "k", 2));
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(functions.predict().uri("/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("predict answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode json = JSON.readTree(answer.body());
            String label = json.path("results")
                    .path(0)
                    .path("label")
                    .asString(json.path("label").asString(""));
            predictions.add(new DemoResult.Prediction(
                    row.text(), row.label(), label, json.path("modelVersion").asString()));
            out.printf("  %-50s -> %-20s (true: %s)%n", '"' + row.text() + '"', label, row.label());
        }
        return predictions;
    }

    private void printRow(String table, Map<String, Object> row) {
        out.println(table + ":");
        if (row == null) {
            out.println("  (no row)");
            return;
        }
        row.forEach((column, value) -> out.printf("  %-16s %s%n", column, value));
    }

    static DatasetSchema schema(String textColumns, String labelColumn) {
        return new DatasetSchema(Arrays.asList(textColumns.split(",")), labelColumn);
    }
}
