package io.prodcat.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's Python virtualenv for test servers, created on first use and reused while its
 * requirements file is unchanged (a marker file holds the requirements' SHA-1). A file lock keeps two
 * test JVMs from installing into it at once.
 */
final class PythonVenv {

    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private final Path dir;
    private final Path requirements;
    private final String python;

    PythonVenv(Path dir, Path requirements, String python) {
        this.dir = dir;
        this.requirements = requirements;
        this.python = python;
    }

    /** The venv named by the build ({@code prodcat.venv}, {@code prodcat.python-requirements}). */
    static PythonVenv fromBuild() {
        String dir = System.getProperty("prodcat.venv");
        String requirements = System.getProperty("prodcat.python-requirements");
        if (dir == null || requirements == null) {
            throw new IllegalStateException("system properties prodcat.venv and prodcat.python-requirements are "
                    + "not set: run the tests through Maven (./mvnw verify), which sets them");
        }
        return new PythonVenv(Path.of(dir), Path.of(requirements), "python3");
    }

    /** Creates or refreshes the venv if needed and returns the path of one of its executables. */
    Path ensureInstalled(String executable) throws IOException, InterruptedException {
        Files.createDirectories(dir.getParent());
        Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Path marker = dir.resolve(".prodcat-requirements.sha1");
            String wanted = sha1(Files.readAllBytes(requirements));
            if (!Files.exists(marker) || !Files.readString(marker).equals(wanted)) {
                install();
                Files.writeString(marker, wanted);
            }
        }
        return dir.resolve("bin").resolve(executable);
    }

    private void install() throws IOException, InterruptedException {
        run(
                List.of(python, "--version"),
                "python3 is not on the PATH. Install Python 3 (Debian: apt-get install python3 python3-venv), "
                        + "or set MLFLOW_TRACKING_URI to a running MLflow server");
        run(
                List.of(python, "-m", "venv", "--clear", dir.toString()),
                "python3 cannot create a virtualenv at " + dir + " (Debian: apt-get install python3-venv)");
        run(
                List.of(dir.resolve("bin/pip").toString(), "install", "--quiet", "-r", requirements.toString()),
                "pip could not install " + requirements.getFileName() + " into " + dir + ". PyPI must be "
                        + "reachable; or set MLFLOW_TRACKING_URI to a running MLflow server");
    }

    private void run(List<String> command, String whatIsWrong) throws IOException, InterruptedException {
        Path log = Files.createTempFile("prodcat-venv", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(whatIsWrong + " (" + e.getMessage() + ")", e);
        }
        boolean done = process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        if (!done || process.exitValue() != 0) {
            throw new IllegalStateException(whatIsWrong + ". `" + String.join(" ", command) + "` "
                    + (done ? "exited with " + process.exitValue() : "timed out") + "; its output ends:\n"
                    + ProcessLogs.tail(log, 20));
        }
        Files.deleteIfExists(log);
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return dir + " (from " + requirements + ")";
    }
}
