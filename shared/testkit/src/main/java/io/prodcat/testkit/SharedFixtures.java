package io.prodcat.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Upstream protocol material beside the checkout ({@code ../shared/fixtures}), read in place, never copied.
 * Tests that need it say plainly when it is absent, and fail under {@code CI=true} ({@link Prerequisite}).
 */
public final class SharedFixtures {

    private SharedFixtures() {}

    public static Path minio(String name) {
        return file("minio/" + name);
    }

    public static Path file(String relative) {
        String data = System.getProperty(SharedData.PROPERTY);
        Path root = data != null ? Path.of(data).resolveSibling("fixtures") : Path.of("..", "shared", "fixtures");
        Path file = root.resolve(relative);
        Prerequisite.require(
                Files.isRegularFile(file),
                "upstream fixture " + file.toAbsolutePath().normalize()
                        + " is absent: this test needs ../shared/fixtures beside the checkout");
        return file;
    }
}
