package io.prodcat.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Schemathesis (PyPI, version pinned in {@code requirements-schemathesis.txt}) from its own virtualenv next to the
 * project's ({@code .venv-schemathesis}, created on first use): fuzzes an HTTP API against its OpenAPI document.
 */
public final class Schemathesis {

    /** How a run ended: the exit code (0: no check failed) and everything it printed. */
    public record Result(int exitCode, String output) {

        /** What its summary counts: operations selected and tested, test cases generated and passed. */
        public record Summary(int operationsSelected, int operationsTested, int casesGenerated, int casesPassed) {}

        /** @throws IllegalStateException when the output has no summary (the run did not get that far) */
        public Summary summary() {
            java.util.regex.Matcher selected =
                    java.util.regex.Pattern.compile("Selected: (\\d+)/(\\d+)").matcher(output);
            java.util.regex.Matcher tested =
                    java.util.regex.Pattern.compile("Tested: (\\d+)").matcher(output);
            java.util.regex.Matcher cases = java.util.regex.Pattern.compile("(\\d+) generated, (\\d+) passed")
                    .matcher(output);
            if (!selected.find() || !tested.find() || !cases.find()) {
                throw new IllegalStateException("no summary in schemathesis' output:\n" + output);
            }
            return new Summary(
                    Integer.parseInt(selected.group(1)),
                    Integer.parseInt(tested.group(1)),
                    Integer.parseInt(cases.group(1)),
                    Integer.parseInt(cases.group(2)));
        }
    }

    private Schemathesis() {}

    /**
     * Runs {@code st run} against {@code schemaUrl} with a fixed seed and a bounded number of examples per operation.
     *
     * @param checks  Schemathesis checks, e.g. {@code not_a_server_error}
     * @param headers extra request headers, {@code "Name: value"}
     */
    public static Result run(String schemaUrl, String checks, int maxExamples, long seed, List<String> headers)
            throws IOException, InterruptedException {
        return run(null, schemaUrl, null, checks, maxExamples, seed, headers);
    }

    /**
     * The same against a document read from a file ({@code schema}), served at {@code baseUrl}, with a
     * {@code schemathesis.toml} ({@code configFile}, may be null) e.g. to fix path parameters.
     */
    public static Result run(
            Path configFile,
            String schema,
            String baseUrl,
            String checks,
            int maxExamples,
            long seed,
            List<String> headers)
            throws IOException, InterruptedException {
        String venv = System.getProperty("prodcat.venv");
        String pythonRequirements = System.getProperty("prodcat.python-requirements");
        if (venv == null || pythonRequirements == null) {
            throw new IllegalStateException("system properties prodcat.venv and prodcat.python-requirements are not"
                    + " set: run the tests through Maven (./mvnw verify), which sets them");
        }
        Path requirements = Path.of(pythonRequirements).resolveSibling("requirements-schemathesis.txt");
        Path dir = Path.of(venv + "-schemathesis");
        Path st = new PythonVenv(dir, requirements, "python3").ensureInstalled("st");
        List<String> command = new ArrayList<>(List.of(st.toString()));
        if (configFile != null) {
            command.addAll(List.of("--config-file", configFile.toString()));
        }
        command.addAll(List.of(
                "run",
                schema,
                "--checks",
                checks,
                "--max-examples",
                Integer.toString(maxExamples),
                "--seed",
                Long.toString(seed),
                "--workers",
                "1",
                "--no-color"));
        if (baseUrl != null) {
            command.addAll(List.of("--url", baseUrl));
        }
        for (String header : headers) {
            command.add("--header");
            command.add(header);
        }
        Path log = Files.createTempFile("schemathesis", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("schemathesis did not finish in 10 minutes; its output: " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }
}
