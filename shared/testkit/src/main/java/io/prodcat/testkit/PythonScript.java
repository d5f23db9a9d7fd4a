package io.prodcat.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python script run from its own virtualenv beside the project's ({@code .venv-<name>}, created on first use from
 * {@code requirements-<name>.txt} next to the MLflow requirements, reused while that file is unchanged): how the tests
 * call a real client library from PyPI.
 */
public final class PythonScript {

    /** How a run ended: the exit code and everything it printed (stdout, then stderr). */
    public record Result(int exitCode, String stdout, String stderr) {}

    private PythonScript() {}

    public static Result run(String venvName, Path script, List<String> args) throws IOException, InterruptedException {
        String venv = System.getProperty("prodcat.venv");
        String pythonRequirements = System.getProperty("prodcat.python-requirements");
        if (venv == null || pythonRequirements == null) {
            throw new IllegalStateException("system properties prodcat.venv and prodcat.python-requirements are not"
                    + " set: run the tests through Maven (./mvnw verify), which sets them");
        }
        Path requirements = Path.of(pythonRequirements).resolveSibling("requirements-" + venvName + ".txt");
        Path python = new PythonVenv(Path.of(venv + "-" + venvName), requirements, "python3").ensureInstalled("python");
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(args);
        Path out = Files.createTempFile("python-script", ".out");
        Path err = Files.createTempFile("python-script", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script.getFileName() + " did not finish in 5 minutes: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
