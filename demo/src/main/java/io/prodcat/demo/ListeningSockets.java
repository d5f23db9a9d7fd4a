package io.prodcat.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets the demo listens on (this process and every process it started: the functions, MariaDB, MLflow),
 * read from Linux's {@code /proc}, as {@code address:port}. Empty where there is no {@code /proc}.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** @param containers the processes of the demo's containers (not its descendants: podman's monitor runs them) */
    static List<String> ofThisDemo(List<ProcessHandle> containers) {
        Set<String> inodes = new HashSet<>();
        Stream.concat(Stream.of(ProcessHandle.current()), containers.stream())
                .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
                .forEach(process -> inodes.addAll(socketInodes(process.pid())));
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line :
                        Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length > 9 && LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
                        listening.add(address(fields[1]));
                    }
                }
            } catch (IOException e) {
                // no such table here (no IPv6, or not Linux)
            }
        }
        return listening;
    }

    /** Whether every socket listens on the loopback address only. */
    static boolean loopbackOnly(List<String> listening) {
        return listening.stream().allMatch(socket -> socket.startsWith("127.0.0.1:") || socket.startsWith("[::1]:"));
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listed
                }
            });
        } catch (IOException | SecurityException gone) {
            // the process ended, or is not ours to read
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} → {@code 127.0.0.1:8080}; IPv6 as {@code [::1]:port}, {@code [::]:port}, or hex. */
    static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return Integer.parseInt(ip.substring(6, 8), 16) + "." + Integer.parseInt(ip.substring(4, 6), 16) + "."
                    + Integer.parseInt(ip.substring(2, 4), 16) + "." + Integer.parseInt(ip.substring(0, 2), 16) + ":"
                    + port;
        }
        if (ip.equals("00000000000000000000000001000000")) {
            return "[::1]:" + port;
        }
        if (ip.equals("0000000000000000FFFF00000100007F")) {
            return "127.0.0.1:" + port; // IPv4-mapped loopback
        }
        return (ip.matches("0+") ? "[::]" : "[" + ip + "]") + ":" + port;
    }
}
