package io.prodcat.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting rules pass Prometheus' own checks: {@code promtool check rules}, and {@code promtool test rules} with
 * the series in alerts-test.yml (each alert fires on the series that should raise it, and only then). The serving
 * dashboard reads the Prometheus datasource the provisioning defines. DemoIT runs every query against a real
 * Prometheus scraping the functions.
 */
class PrometheusRulesTest {

    private static final Path GRAFANA =
            Path.of(System.getProperty("prodcat.root", "..")).resolve("grafana");

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Path rules = GRAFANA.resolve("prometheus");
        String checked = promtool(rules, "check", "rules", "alerts.yml");
        assertThat(checked).contains("SUCCESS: 6 rules found");
        assertThat(promtool(rules, "test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void aBrokenRuleFileIsRefusedByPromtool() throws Exception {
        Path broken = Files.createTempDirectory("prodcat-rules");
        Files.writeString(
                broken.resolve("alerts.yml"),
                "groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m]) > \n",
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(promtoolBinary(), "check", "rules", "alerts.yml")
                .directory(broken.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isNotZero();
    }

    @Test
    void theServingDashboardReadsTheProvisionedPrometheusDatasource() throws IOException {
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(Files.readString(GRAFANA.resolve("dashboards/prodcat-serving.json")));
        String provisioning = Files.readString(GRAFANA.resolve("provisioning/datasources/prodcat-prometheus.yaml"));

        assertThat(provisioning).contains("uid: prodcat-prometheus").contains("type: prometheus");
        assertThat(dashboard.path("panels")).hasSizeGreaterThan(10).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("prodcat-prometheus");
            assertThat(panel.path("targets").get(0).path("expr").asString()).isNotBlank();
        });
    }

    private static String promtool(Path dir, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(promtoolBinary()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }

    /** promtool comes with Debian's prometheus package, which .ci/run installs. */
    private static String promtoolBinary() {
        Path promtool = io.prodcat.testkit.PrometheusServer.binary().resolveSibling("promtool");
        assertThat(promtool)
                .as("promtool beside prometheus: apt-get install prometheus (.ci/run does)")
                .isExecutable();
        return promtool.toString();
    }
}
