package io.prodcat.demo;

import io.prodcat.testkit.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A function's token for the router, in a file it re-reads for every event, as a SinkBinding mounts one at
 * {@code /oidc/token}: valid for an hour and rewritten every 20 minutes while the demo runs.
 */
final class SinkTokens {

    private static final Duration VALID = Duration.ofHours(1);
    private static final Duration RENEWED = Duration.ofMinutes(20);

    private SinkTokens() {}

    /**
     * Writes {@code subject}'s token in {@code dir}'s sink-tokens directory (a container mounts that directory: a file
     * mounted alone would keep the first token) and keeps it fresh until the demo stops; returns the file.
     */
    static Path write(StartedResources started, TokenIssuer issuer, String subject, Path dir) throws IOException {
        Path file = Files.createDirectories(dir.resolve("sink-tokens"))
                .resolve("sink-token-" + subject.substring(subject.lastIndexOf(':') + 1));
        renew(issuer, subject, file);
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sink-token-renewal");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleAtFixedRate(
                () -> renew(issuer, subject, file), RENEWED.toMinutes(), RENEWED.toMinutes(), TimeUnit.MINUTES);
        started.add((AutoCloseable) renewer::shutdownNow);
        return file;
    }

    private static void renew(TokenIssuer issuer, String subject, Path file) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            // owner and group: a function's container runs as uid 10001 in group 0, the owner's group here
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            Files.writeString(
                    next,
                    issuer.token(
                            subject,
                            DemoFunctions.BROKER_AUDIENCE,
                            Instant.now().plus(VALID)));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the router token " + file, e);
        }
    }
}
