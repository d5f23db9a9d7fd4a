package io.prodcat.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.adapters.persistence.BackOffRow;
import io.prodcat.adapters.persistence.Database;
import io.prodcat.adapters.persistence.DriftMetricsDao;
import io.prodcat.adapters.persistence.DriftMetricsRow;
import io.prodcat.adapters.persistence.FeedbackDao;
import io.prodcat.adapters.persistence.FeedbackRow;
import io.prodcat.adapters.persistence.LevelMetricsRow;
import io.prodcat.adapters.persistence.ModelMetricsDao;
import io.prodcat.adapters.persistence.ModelMetricsRow;
import io.prodcat.adapters.persistence.TrainingDao;
import io.prodcat.adapters.persistence.TrainingLineage;
import io.prodcat.adapters.persistence.TrainingRecord;
import io.prodcat.adapters.persistence.TrainingStatus;
import io.prodcat.testkit.MariaDbExtension;
import io.prodcat.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every panel of grafana/dashboards/prodcat.json runs on MariaDB (after the migrations, with sample rows) with
 * Grafana's MySQL macros expanded as Grafana expands them, and returns the columns the panel plots.
 */
@ExtendWith(MariaDbExtension.class)
class GrafanaDashboardIT {

    private static final Path GRAFANA = Path.of(System.getProperty("prodcat.root", "../.."), "grafana");
    private static final Instant NOW = Instant.now();
    private static final long FROM = NOW.minus(Duration.ofDays(30)).getEpochSecond();
    private static final long TO = NOW.plusSeconds(60).getEpochSecond();

    /** Panel title → the columns it reads. */
    private static final Map<String, List<String>> EXPECTED_COLUMNS = Map.ofEntries(
            Map.entry("Macro-F1 (f1) over time", List.of("timestamp", "f1")),
            Map.entry("Worst-class F1 (min_f1) over time", List.of("timestamp", "min_f1")),
            Map.entry("Macro-F1 by evaluated data", List.of("time", "metric", "f1")),
            Map.entry("Current champion", List.of("model_version", "f1", "min_f1", "accuracy", "run_id", "timestamp")),
            Map.entry("Feedback waiting for the next training", List.of("waiting")),
            Map.entry("Macro-F1 per tree level", List.of("time", "metric", "f1")),
            Map.entry("Hierarchical F1", List.of("time", "hierarchical_f1")),
            Map.entry(
                    "Back-off trade-off of the latest tree model",
                    List.of("min_confidence", "answered", "leaf_answered", "accuracy")),
            Map.entry(
                    "Recent trainings",
                    List.of(
                            "training_date",
                            "status",
                            "duration_s",
                            "dataset_path",
                            "dataset_hash",
                            "run_id",
                            "best_checkpoint",
                            "f1",
                            "min_f1",
                            "error")),
            Map.entry("Failed trainings", List.of("time", "failed")),
            Map.entry("Feedback received", List.of("time", "feedback")),
            Map.entry("Feedback accuracy", List.of("time", "accuracy")),
            Map.entry("Drift statistics over time", List.of("time", "metric", "statistic")),
            Map.entry(
                    "Lineage of the served model",
                    List.of(
                            "generation",
                            "training_date",
                            "start",
                            "parent_version",
                            "warm_f1",
                            "cold_check_f1",
                            "f1",
                            "duration_s",
                            "dataset_hash",
                            "training_id")),
            Map.entry(
                    "Last drift check",
                    List.of(
                            "checked_at",
                            "model_version",
                            "test",
                            "verdict",
                            "statistic",
                            "p_value",
                            "threshold",
                            "window_size",
                            "detail")));

    private static Jdbi jdbi;
    private static JsonNode dashboard;

    @BeforeAll
    static void databaseWithSampleRows(MariaDbServer mariaDb) throws Exception {
        var dataSource = mariaDb.dataSource(mariaDb.createDatabase("grafana"));
        Database.migrate(dataSource);
        jdbi = Database.jdbi(dataSource);
        TrainingDao trainings = jdbi.onDemand(TrainingDao.class);
        UUID finished = UUID.randomUUID();
        trainings.insert(TrainingRecord.running(
                finished, NOW.minusSeconds(7200), "a".repeat(40), "s3://dataset/train/a.csv", "c".repeat(40)));
        trainings.finish(
                finished,
                "1".repeat(32),
                "checkpoint-2",
                0.74,
                0.11,
                "s3://models/runs/a/model.prodcat",
                NOW.minusSeconds(7190),
                10_000);
        // the champion's training followed an older one (a warm start): the lineage panel's chain
        UUID parent = UUID.randomUUID();
        trainings.insert(TrainingRecord.running(
                parent, NOW.minusSeconds(86_400), "d".repeat(40), "s3://dataset/train/d.csv", "c".repeat(40)));
        trainings.finish(
                parent,
                "2".repeat(32),
                "checkpoint-3",
                0.73,
                0.10,
                "s3://models/runs/d/model.prodcat",
                NOW.minusSeconds(86_000),
                12_000);
        trainings.recordLineage(finished, new TrainingLineage("6", parent.toString(), "warm", 0.7401, 0.6120));
        UUID failed = UUID.randomUUID();
        trainings.insert(TrainingRecord.running(
                failed, NOW.minusSeconds(3600), "b".repeat(40), "s3://dataset/train/b.csv", "c".repeat(40)));
        trainings.stop(failed, TrainingStatus.FAILED, "row 2: empty label", NOW.minusSeconds(3599), 900);
        ModelMetricsDao metrics = jdbi.onDemand(ModelMetricsDao.class);
        metrics.insert(new ModelMetricsRow(
                null,
                NOW.minusSeconds(7000),
                0.7427,
                0.1111,
                0.8331,
                0.8287,
                "1".repeat(32),
                finished,
                "1",
                "holdout",
                3975));
        long holdoutRow =
                metrics.findByTraining(finished, "holdout").orElseThrow().id();
        metrics.recordHierarchy(
                holdoutRow,
                0.79,
                List.of(
                        new LevelMetricsRow(holdoutRow, 1, 21, 0.73, 0.2, 0.83),
                        new LevelMetricsRow(holdoutRow, 2, 134, 0.7427, 0.1111, 0.8331)),
                List.of(new BackOffRow(holdoutRow, 0.5, 0.98, 0.85, 0.84)));
        metrics.insert(new ModelMetricsRow(
                null, NOW.minusSeconds(6990), 0.61, 0.0, 0.70, 0.69, "1".repeat(32), finished, "1", "feedback", 40));
        metrics.markPromoted(finished);
        FeedbackDao feedback = jdbi.onDemand(FeedbackDao.class);
        feedback.insert(FeedbackRow.received(
                "Organic Whole Milk", "dairy eggs", "dairy eggs", "1", "shop", NOW.minusSeconds(600)));
        feedback.insert(FeedbackRow.received("Rolled Oats", "bulk", "breakfast", "1", "shop", NOW.minusSeconds(300)));
        UUID check = UUID.randomUUID();
        Instant checkedAt = NOW.minusSeconds(120);
        jdbi.onDemand(DriftMetricsDao.class)
                .insert(List.of(
                        driftRow(check, checkedAt, "psi", 0.31, 0.2, "drift", null),
                        driftRow(
                                check,
                                checkedAt,
                                "domain_auc",
                                null,
                                null,
                                "not_enough_data",
                                "texts are not logged")));
        dashboard = JsonMapper.builder().build().readTree(Files.readString(GRAFANA.resolve("dashboards/prodcat.json")));
    }

    private static DriftMetricsRow driftRow(
            UUID check, Instant at, String test, Double statistic, Double threshold, String verdict, String detail) {
        return new DriftMetricsRow(
                check, at, "1", at.minusSeconds(3600), at, 640, test, statistic, null, threshold, verdict, detail);
    }

    @Test
    void everyPanelQueryRunsWithItsMacrosExpandedAndReturnsItsColumns() {
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asString();
            titles.add(title);
            for (JsonNode target : panel.path("targets")) {
                String sql = expandGrafanaMacros(target.path("rawSql").asString());
                assertThat(sql).as(title).doesNotContain("$__");
                List<String> columns = new ArrayList<>();
                int rows = jdbi.withHandle(handle -> handle.createQuery(sql).scanResultSet((results, ctx) -> {
                    var resultSet = results.get();
                    ResultSetMetaData meta = resultSet.getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        columns.add(meta.getColumnLabel(c));
                    }
                    int count = 0;
                    while (resultSet.next()) {
                        count++;
                    }
                    return count;
                }));
                assertThat(columns).as(title).containsExactlyElementsOf(EXPECTED_COLUMNS.get(title));
                assertThat(rows).as(title + " returns the sample rows").isPositive();
            }
        }
        assertThat(titles).containsExactlyInAnyOrderElementsOf(EXPECTED_COLUMNS.keySet());
    }

    @Test
    void theLineagePanelWalksFromTheChampionsTrainingToTheModelsItFollowed() {
        String sql = dashboard
                .path("panels")
                .valueStream()
                .filter(panel -> panel.path("title").asString().equals("Lineage of the served model"))
                .findFirst()
                .orElseThrow()
                .path("targets")
                .get(0)
                .path("rawSql")
                .asString();

        List<Map<String, Object>> chain =
                jdbi.withHandle(handle -> handle.createQuery(sql).mapToMap().list());

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0)).containsEntry("start", "warm").containsEntry("parent_version", "6");
        assertThat(chain.get(1).get("dataset_hash")).isEqualTo("d".repeat(40));
        assertThat(chain.get(1).get("start")).isNull(); // trained from zero
    }

    @Test
    void theOriginalSystemsTwoQueriesAreThereVerbatimAndRun() {
        List<String> sql = dashboard
                .path("panels")
                .valueStream()
                .flatMap(panel -> panel.path("targets").valueStream())
                .map(target -> target.path("rawSql").asString())
                .toList();

        for (String original : List.of(
                "SELECT timestamp, f1 FROM model_metrics ORDER BY timestamp;",
                "SELECT timestamp, min_f1 FROM model_metrics ORDER BY timestamp;")) {
            assertThat(sql).contains(original);
            List<Map<String, Object>> rows = jdbi.withHandle(
                    handle -> handle.createQuery(original).mapToMap().list());
            assertThat(rows).hasSize(2);
        }
    }

    @Test
    void provisioningPointsThePanelsAtAMysqlDatasourceWithSecretsFromTheEnvironment() throws Exception {
        Map<String, Object> provisioning =
                new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/datasources/prodcat-mysql.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = ((List<Map<String, Object>>) provisioning.get("datasources")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> secure = (Map<String, Object>) datasource.get("secureJsonData");

        assertThat(datasource).containsEntry("type", "mysql").containsEntry("uid", "prodcat-mysql");
        assertThat((String) secure.get("password")).matches("\\$\\{[A-Z_]+}");
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("prodcat-mysql");
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
        }
    }

    /** Grafana's MySQL macros (pkg/tsdb/mysql macros), for the fixed time range [FROM, TO]. */
    static String expandGrafanaMacros(String sql) {
        String expanded = replace(
                sql,
                "\\$__timeFilter\\(([^)]+)\\)",
                m -> m.group(1).trim() + " BETWEEN FROM_UNIXTIME(" + FROM + ") AND FROM_UNIXTIME(" + TO + ")");
        expanded = replace(
                expanded,
                "\\$__timeGroupAlias\\(([^,]+),\\s*([0-9]+)([smhd])\\)",
                m -> "UNIX_TIMESTAMP(" + m.group(1).trim() + ") DIV " + seconds(m) + " * " + seconds(m)
                        + " AS \"time\"");
        expanded = replace(
                expanded,
                "\\$__timeGroup\\(([^,]+),\\s*([0-9]+)([smhd])\\)",
                m -> "UNIX_TIMESTAMP(" + m.group(1).trim() + ") DIV " + seconds(m) + " * " + seconds(m));
        return expanded.replace("$__timeFrom()", "FROM_UNIXTIME(" + FROM + ")")
                .replace("$__timeTo()", "FROM_UNIXTIME(" + TO + ")");
    }

    private static long seconds(Matcher m) {
        long n = Long.parseLong(m.group(2));
        return switch (m.group(3)) {
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n * 86400;
        };
    }

    private static String replace(String text, String regex, java.util.function.Function<Matcher, String> replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
