package io.prodcat.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's read-only material beside the checkout ({@code ../shared/data}), never copied into the
 * project. Tests that need it say plainly when it is absent, and fail under {@code CI=true} ({@link Prerequisite}).
 */
public final class SharedData {

    static final String PROPERTY = "prodcat.shared-data";

    private SharedData() {}

    /** A file under ../shared/data, found from the build's root (system property prodcat.shared-data). */
    public static Path file(String relative) {
        String root = System.getProperty("prodcat.shared-data");
        Path dir = root != null ? Path.of(root) : Path.of("..", "shared", "data");
        Path file = dir.resolve(relative);
        Prerequisite.require(
                Files.isRegularFile(file),
                "team data " + file.toAbsolutePath().normalize()
                        + " is absent: this test needs ../shared/data beside the checkout");
        return file;
    }
}
