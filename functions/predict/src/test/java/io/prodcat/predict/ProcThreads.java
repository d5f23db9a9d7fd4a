package io.prodcat.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.ToLongFunction;

/**
 * The threads of a Linux process as {@code /proc/<pid>/task} shows them, grouped by name without its trailing number
 * (the threads of a pool share a group; Linux keeps 15 characters of a name, so Tomcat's request threads are
 * {@code http-nio-<port>-}).
 */
final class ProcThreads {

    private ProcThreads() {}

    /**
     * One figure of each thread's {@code stat} (read with {@link #field}), merged within a group; threads that end
     * while they are read are left out.
     */
    static Map<String, Long> byGroup(long pid, ToLongFunction<String[]> figure, BinaryOperator<Long> merge)
            throws IOException {
        Map<String, Long> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String group =
                            Files.readString(task.resolve("comm")).strip().replaceAll("[-#]?\\d+$", "");
                    String stat = Files.readString(task.resolve("stat"));
                    // the fields after "pid (comm) ", which start with field 3 (state)
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(group, figure.applyAsLong(fields), merge);
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return groups;
    }

    /** Field {@code number} of a thread's stat, numbered as in proc(5) (14 utime, 15 stime, 19 nice, 41 policy). */
    static long field(String[] fields, int number) {
        return Long.parseLong(fields[number - 3]);
    }
}
