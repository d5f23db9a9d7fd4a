package io.prodcat.demo;

import io.prodcat.engine.dataset.CsvDatasetReader;
import io.prodcat.engine.dataset.DatasetSchema;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.ReadLimits;
import io.prodcat.events.EventType;
import io.prodcat.testkit.PrometheusServer;
import io.prodcat.testkit.SyntheticCatalog;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The demo's serving part: traffic for the dashboards (predictions and feedback), with {@code --drift} titles of
 * another domain and a drift check that finds them, and a real Prometheus (when installed) scraping the three
 * functions, asked every query of the serving dashboard and of the alerting rules; the figures are printed.
 */
final class DemoMonitoring {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int IN_DOMAIN_PREDICTIONS = 300;
    private static final int OFF_DOMAIN_PREDICTIONS = 300;

    /**
     * @param prometheusUrl where the demo's Prometheus answers (null without one)
     * @param queries       each dashboard and alert query → its result type and series count (empty without one)
     * @param driftReport   the drift check's answer (null without {@code --drift})
     */
    record Result(String prometheusUrl, Map<String, QueryAnswer> queries, JsonNode driftReport) {}

    /** What Prometheus answered to one query. */
    record QueryAnswer(String resultType, int series) {}

    private final Path root;
    private final DemoFunctions functions;
    private final StartedResources started;
    private final PrintWriter out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoMonitoring(Path root, DemoFunctions functions, StartedResources started, PrintWriter out) {
        this.root = root;
        this.functions = functions;
        this.started = started;
        this.out = out;
    }

    Result run(Path dataset, DatasetSchema schema, boolean feedOffDomain) throws Exception {
        List<LabelledText> rows;
        try (InputStream in = Files.newInputStream(dataset)) {
            rows = new CsvDatasetReader(schema, ReadLimits.DEFAULT).read(in).rows();
        }
        // scraping from before the traffic, so that its rates and increases show it
        PrometheusServer prometheus = PrometheusServer.installed() ? prometheus() : null;
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < IN_DOMAIN_PREDICTIONS; i++) {
            titles.add(rows.get((int) ((long) i * rows.size() / IN_DOMAIN_PREDICTIONS))
                    .text()); // across the file
        }
        predict(titles);
        feedback(rows.subList(0, Math.min(5, rows.size())));
        out.println("traffic: " + titles.size() + " predictions and " + Math.min(5, rows.size())
                + " feedback rows sent to predict (it logs each answer to prediction_log)");
        JsonNode driftReport = feedOffDomain ? offDomainDrift() : null;
        if (!feedOffDomain) {
            out.println("drift: run with --drift to feed titles of another domain and see io.prodcat.drift.detected");
        }
        out.flush();
        if (prometheus == null) {
            out.println("prometheus: not installed (apt-get install prometheus; .ci/run does): the figures are at "
                    + functions.predict().uri("/actuator/prometheus") + " with Bearer " + functions.metricsToken());
            return new Result(null, Map.of(), driftReport);
        }
        Thread.sleep(3_000); // a few scrapes after the traffic
        out.println("prometheus: " + prometheus.url() + " scrapes train, evaluate and predict (alert rules "
                + prometheus.alertRules() + "); the serving dashboard's queries answer:");
        Map<String, QueryAnswer> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queries().entrySet()) {
            JsonNode data = prometheus.query(query.getValue());
            answers.put(
                    query.getKey(),
                    new QueryAnswer(
                            data.path("resultType").asString(),
                            data.path("result").size()));
            if (!query.getKey().startsWith("alert ")) {
                out.println("  " + query.getKey() + ": " + figures(data.path("result")));
            }
        }
        out.println("  alerts firing or pending: "
                + prometheus.query("ALERTS").path("result").size() + " (grafana/prometheus/alerts.yml)");
        out.flush();
        return new Result(prometheus.url(), answers, driftReport);
    }

    /** Titles of another domain, then a drift check of exactly the time they took. */
    private JsonNode offDomainDrift() throws Exception {
        Thread.sleep(1_000); // the answers before this lie outside the window checked below
        long fedAt = System.nanoTime();
        predict(SyntheticCatalog.offDomainTitles(OFF_DOMAIN_PREDICTIONS, 5));
        Thread.sleep(1_500); // predict writes its log every second
        long millis = Duration.ofNanos(System.nanoTime() - fedAt).toMillis() + 200;
        out.printf(
                Locale.ROOT,
                "drift: %d titles of another domain (hardware) sent to predict; checking the last %.1f s (POST %s)%n",
                OFF_DOMAIN_PREDICTIONS,
                millis / 1000.0,
                functions.evaluate().uri("/drift"));
        JsonNode report = driftCheck(String.format(Locale.ROOT, "{\"window\": \"PT%.3fS\"}", millis / 1000.0));
        out.printf(
                Locale.ROOT,
                "drift check: %s on %d predictions; fired %s; figures %s%n",
                report.path("verdict").asString(),
                report.path("windowSize").asInt(),
                report.path("fired"),
                report.path("figures"));
        report.path("separatingNgrams").forEach(ngram -> out.println("  separating: " + ngram.asString()));
        return report;
    }

    private PrometheusServer prometheus() throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("prodcat-train", functions.train().uri("").getAuthority());
        targets.put("prodcat-evaluate", functions.evaluate().uri("").getAuthority());
        targets.put("prodcat-predict", functions.predict().uri("").getAuthority());
        PrometheusServer prometheus = started.add(PrometheusServer.start(
                targets, functions.metricsToken(), List.of(root.resolve("grafana/prometheus/alerts.yml"))));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && (prometheus.targetHealth().size() < targets.size()
                        || prometheus.targetHealth().values().stream().anyMatch(health -> !health.equals("up")))) {
            Thread.sleep(250);
        }
        Thread.sleep(1_500); // a scrape of every function before the traffic
        return prometheus;
    }

    /** Up to six series as {@code labels = value}, values rounded. */
    private static String figures(JsonNode result) {
        if (result.isEmpty()) {
            return "no data";
        }
        List<String> shown = new ArrayList<>();
        for (JsonNode series : result) {
            if (shown.size() == 6) {
                shown.add("… " + (result.size() - 6) + " more");
                break;
            }
            List<String> labels = new ArrayList<>();
            series.path("metric")
                    .properties()
                    .forEach(label -> labels.add(label.getValue().asString()));
            double value = Double.parseDouble(series.path("value").path(1).asString());
            shown.add((labels.isEmpty() ? "" : String.join(" ", labels) + " = ")
                    + String.format(Locale.ROOT, "%.4g", value));
        }
        return String.join(", ", shown);
    }

    /** Every query of the serving dashboard and of the alert rules, with Grafana's range variables filled in. */
    Map<String, String> queries() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard = JSON.readTree(Files.readString(root.resolve("grafana/dashboards/prodcat-serving.json")));
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(
                        panel.path("title").asString() + " ["
                                + target.path("refId").asString() + "]",
                        target.path("expr")
                                .asString()
                                .replace("$__rate_interval", "1m")
                                .replace("$__range", "10m"));
            }
        }
        JsonNode rules =
                YAMLMapper.builder().build().readTree(Files.readString(root.resolve("grafana/prometheus/alerts.yml")));
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queries.put(
                        "alert " + rule.path("alert").asString(),
                        rule.path("expr").asString());
            }
        }
        return queries;
    }

    private void predict(List<String> titles) throws Exception {
        for (int from = 0; from < titles.size(); from += 50) {
            post(
                    functions.predict().uri("/predict"),
                    null,
                    Map.of("texts", titles.subList(from, Math.min(titles.size(), from + 50))));
        }
    }

    private void feedback(List<LabelledText> rows) throws Exception {
        for (LabelledText row : rows) {
            JsonNode answer = post(functions.predict().uri("/predict"), null, Map.of("text", row.text()));
            post(
                    functions.predict().uri("/feedback"),
                    "Bearer " + functions.apiKeys().feedback(),
                    Map.of(
                            "text", row.text(),
                            "label", row.label(),
                            "predictedLabel", answer.path("label").asString(),
                            "modelVersion", answer.path("modelVersion").asString()));
        }
    }

    private JsonNode driftCheck(String data) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(functions.evaluate().uri("/drift"))
                        .header(
                                "Authorization",
                                "Bearer " + functions.eventToken().apply("prodcat-evaluate"))
                        .header("ce-specversion", "1.0")
                        .header("ce-id", UUID.randomUUID().toString())
                        .header("ce-source", "/prodcat/demo")
                        .header("ce-type", EventType.DRIFT_CHECK.type())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(data))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the drift check answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private JsonNode post(java.net.URI uri, String authorization, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
