package io.prodcat.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The JVM options predict's container starts with, as a JVM started from the build can use them. */
final class ContainerJvmFlags {

    private ContainerJvmFlags() {}

    /**
     * The options of {@code file} (a one-line {@code container/jvm-flags}) without the AOT cache, which only the
     * container's build (or {@code ./prodcat serve}) records, and which only speeds up the start.
     */
    static List<String> read(Path file) throws IOException {
        return Stream.of(Files.readString(file).trim().split("\\s+"))
                .filter(flag -> !flag.startsWith("-XX:AOTCache="))
                .toList();
    }
}
