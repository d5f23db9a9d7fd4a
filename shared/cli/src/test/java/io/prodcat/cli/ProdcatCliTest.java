package io.prodcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.testkit.SyntheticCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProdcatCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void trainPrintsTheFiguresAsTheLastStdoutLineAndPredictReadsTheModel(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), SyntheticCatalog.csv(40, 1));
        Path test = Files.writeString(dir.resolve("test.csv"), SyntheticCatalog.csv(10, 2));
        Path model = dir.resolve("model.prodcat");

        Run trained = run(
                "train",
                "--data",
                train.toString(),
                "--test",
                test.toString(),
                "--text-column",
                "product_name",
                "--label-column",
                "department",
                "--out",
                model.toString(),
                "--param",
                "costs=0.5,1");
        List<String> lines = trained.stdout.lines().toList();
        JsonNode figures = JSON.readTree(lines.get(lines.size() - 1));

        assertThat(trained.exitCode).isZero();
        assertThat(figures.path("evaluated_on").asString()).isEqualTo("test");
        assertThat(figures.path("accuracy").asDouble()).isGreaterThan(0.95);
        for (String key : List.of(
                "accuracy",
                "macro_f1",
                "weighted_f1",
                "min_f1",
                "train_seconds",
                "best_checkpoint",
                "dataset_sha1",
                "per_class")) {
            assertThat(figures.has(key)).as(key).isTrue();
        }
        assertThat(figures.path("dataset_sha1").asString()).hasSize(40);
        assertThat(figures.path("per_class").path("dairy").path("support").asInt())
                .isEqualTo(10);
        assertThat(figures.path("best_checkpoint").asString()).startsWith("checkpoint-");

        Run predicted = run("predict", "--model", model.toString(), "--top", "2", "fresh milk yogurt", "dog treats");
        List<JsonNode> answers = predicted.stdout.lines().map(JSON::readTree).toList();
        assertThat(predicted.exitCode).isZero();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).path("label").asString()).isEqualTo("dairy");
        assertThat(answers.get(1).path("label").asString()).isEqualTo("pets");
        assertThat(answers.get(1).path("top")).hasSize(2);

        Run evaluated = run(
                "evaluate",
                "--model",
                model.toString(),
                "--data",
                test.toString(),
                "--text-column",
                "product_name",
                "--label-column",
                "department");
        JsonNode scored = JSON.readTree(evaluated.stdout.strip());
        assertThat(scored.path("macro_f1").asDouble())
                .isEqualTo(figures.path("macro_f1").asDouble());
        assertThat(scored.path("predict_us_per_item").asDouble()).isPositive();
    }

    @Test
    void withoutATestSetTheFiguresAreOnTheValidationSplit(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), SyntheticCatalog.csv(40, 1));

        Run trained = run(
                "train",
                "--data",
                train.toString(),
                "--text-column",
                "product_name",
                "--label-column",
                "department",
                "--out",
                dir.resolve("m").toString(),
                "--param",
                "costs=0.5");

        List<String> lines = trained.stdout.lines().toList();
        assertThat(JSON.readTree(lines.get(lines.size() - 1))
                        .path("evaluated_on")
                        .asString())
                .isEqualTo("validation");
    }

    @Test
    void badInputExitsWithTwoAndOneLineReason(@TempDir Path dir) throws Exception {
        Path noLabel = Files.writeString(dir.resolve("bad.csv"), "product_name,category\nMilk,dairy\n");

        Run missingColumn = run(
                "train",
                "--data",
                noLabel.toString(),
                "--text-column",
                "product_name",
                "--label-column",
                "department",
                "--out",
                dir.resolve("m").toString());
        Run missingFile = run("predict", "--model", dir.resolve("nope.prodcat").toString(), "milk");
        Run notAModel = run("predict", "--model", noLabel.toString(), "milk");
        Run missingOption = run("train", "--data", noLabel.toString());

        assertThat(missingColumn.exitCode).isEqualTo(2);
        assertThat(missingColumn.stderr.strip())
                .isEqualTo(
                        "prodcat: missing label column 'department': none of the header row's 2 columns is named so");
        assertThat(missingFile.exitCode).isEqualTo(2);
        assertThat(missingFile.stderr).contains("no such file").contains("nope.prodcat");
        assertThat(notAModel.stderr).contains("not a prodcat model file");
        assertThat(missingOption.exitCode).isEqualTo(2);
        for (Run run : List.of(missingColumn, missingFile, notAModel, missingOption)) {
            assertThat(run.stderr.strip().lines()).hasSize(1);
            assertThat(run.stdout).isEmpty();
        }
    }

    @Test
    void trainFromAModelStartsFromItsDualsRecordsItsLineageAndARefusedParentWritesNoModel(@TempDir Path dir)
            throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), SyntheticCatalog.csv(40, 1));
        Path parent = dir.resolve("parent.prodcat");
        Path child = dir.resolve("child.prodcat");
        Path refused = dir.resolve("refused.prodcat");
        String[] columns = {"--text-column", "product_name", "--label-column", "department"};
        assertThat(run(concat(new String[] {"train", "--data", train.toString(), "--out", parent.toString()}, columns))
                        .exitCode)
                .isZero();

        Run warm = run(concat(
                new String[] {
                    "train", "--data", train.toString(), "--from", parent.toString(), "--out", child.toString()
                },
                columns));
        Run otherFeatures = run(concat(
                new String[] {
                    "train",
                    "--data",
                    train.toString(),
                    "--from",
                    parent.toString(),
                    "--param",
                    "features.wordMaxN=2",
                    "--out",
                    refused.toString()
                },
                columns));

        assertThat(warm.exitCode).as(warm.stderr).isZero();
        List<String> lines = warm.stdout.lines().toList();
        JsonNode lineage = JSON.readTree(lines.get(lines.size() - 1)).path("lineage");
        assertThat(lineage.path("start").asString()).isEqualTo("warm"); // the same rows: nothing moved
        assertThat(dir.resolve("child.prodcat.duals")).isNotEmptyFile();
        assertThat(lineage.path("parentDatasetSha1").asString()).hasSize(40);
        assertThat(lineage.path("warmValidationMacroF1").asDouble()).isPositive();
        assertThat(otherFeatures.exitCode).isEqualTo(2);
        assertThat(otherFeatures.stderr.strip())
                .isEqualTo("prodcat: the parent model's feature settings differ: features.wordMaxN 3 in the parent, 2"
                        + " here");
        assertThat(refused).doesNotExist();
        assertThat(dir.resolve("refused.prodcat.duals")).doesNotExist();

        Files.write(dir.resolve("parent.prodcat.duals"), new byte[] {1, 2, 3});
        Run corruptDuals = run(concat(
                new String[] {
                    "train", "--data", train.toString(), "--from", parent.toString(), "--out", refused.toString()
                },
                columns));
        Files.delete(dir.resolve("parent.prodcat.duals"));
        Run noDuals = run(concat(
                new String[] {
                    "train", "--data", train.toString(), "--from", parent.toString(), "--out", refused.toString()
                },
                columns));
        assertThat(corruptDuals.exitCode).isEqualTo(2);
        assertThat(corruptDuals.stderr.strip()).isEqualTo("prodcat: truncated dual state file");
        assertThat(noDuals.exitCode).isEqualTo(2);
        assertThat(noDuals.stderr.strip()).startsWith("prodcat: the parent model kept no duals");
        assertThat(refused).doesNotExist();
    }

    @Test
    void labelsThatArePathsAreScoredPerLevelWithHierarchicalF1AndBackOff(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), SyntheticCatalog.pathCsv(40, 1));
        Path test = Files.writeString(dir.resolve("test.csv"), SyntheticCatalog.pathCsv(10, 2));
        Path model = dir.resolve("model.prodcat");
        String[] columns = {"--text-column", "product_name", "--label-column", "department"};
        assertThat(run(concat(new String[] {"train", "--data", train.toString(), "--out", model.toString()}, columns))
                        .exitCode)
                .isZero();

        Run evaluated =
                run(concat(new String[] {"evaluate", "--model", model.toString(), "--data", test.toString()}, columns));
        JsonNode figures = JSON.readTree(
                evaluated.stdout.lines().reduce((first, last) -> last).orElseThrow());
        JsonNode hierarchy = figures.path("hierarchy");

        assertThat(evaluated.exitCode).as(evaluated.stderr).isZero();
        assertThat(hierarchy.path("separator").asString()).isEqualTo(" > ");
        assertThat(hierarchy.path("depth").asInt()).isEqualTo(2);
        assertThat(hierarchy.path("levels").get(0).path("classes").asInt()).isEqualTo(3); // food, drinks, pets
        assertThat(hierarchy.path("levels").get(1).path("macro_f1").asDouble())
                .as("the leaf level is the flat figure")
                .isCloseTo(figures.path("macro_f1").asDouble(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(hierarchy.path("levels").get(0).path("accuracy").asDouble())
                .isGreaterThanOrEqualTo(figures.path("accuracy").asDouble());
        assertThat(hierarchy.path("hierarchical_f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(hierarchy.path("back_off")).hasSize(4);

        Run predicted = run(
                new String[] {"predict", "--model", model.toString(), "--min-confidence", "0.99", "organic whole milk"
                });
        JsonNode answer = JSON.readTree(predicted.stdout.strip());
        assertThat(predicted.exitCode).as(predicted.stderr).isZero();
        assertThat(answer.path("label").asString()).isEqualTo("food > dairy");
        assertThat(answer.path("levels").get(0).path("node").asString()).isEqualTo("food");
        assertThat(answer.path("levels").get(0).path("probability").asDouble())
                .as("an ancestor is at least as probable as its leaf")
                .isGreaterThanOrEqualTo(answer.path("probability").asDouble());
        assertThat(answer.path("levels").get(1).path("node").asString()).isEqualTo("food > dairy");
        assertThat(answer.path("backedOff").path("level").asInt()).isBetween(0, 2);
    }

    @Test
    void aModelTrainedWithAnotherSeparatorHasFlatLabels(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.csv"), SyntheticCatalog.pathCsv(40, 1));
        Path model = dir.resolve("model.prodcat");
        String[] columns = {"--text-column", "product_name", "--label-column", "department", "--path-separator", " / "};
        assertThat(run(concat(new String[] {"train", "--data", train.toString(), "--out", model.toString()}, columns))
                        .exitCode)
                .isZero();

        Run evaluated = run(
                concat(new String[] {"evaluate", "--model", model.toString(), "--data", train.toString()}, columns));
        assertThat(evaluated.exitCode).as(evaluated.stderr).isZero();
        assertThat(evaluated.stdout).doesNotContain("hierarchy");
        assertThat(run(new String[] {"predict", "--model", model.toString(), "milk"}).stdout)
                .doesNotContain("levels");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine commandLine = ProdcatCli.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
