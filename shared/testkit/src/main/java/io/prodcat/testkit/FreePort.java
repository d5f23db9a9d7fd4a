package io.prodcat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** A loopback port nobody listens on right now. */
public final class FreePort {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LINUX_DEFAULT_EPHEMERAL_START = 32768;
    private static final int LOWEST = 10_000;

    private FreePort() {}

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A free port below the kernel's ephemeral range, for a server that closes its port and opens it again: the
     * kernel never picks such a port as the local end of an outgoing connection, which would keep it from listening
     * there again (or connect a client to itself).
     */
    public static int belowEphemeralRange() {
        int end = ephemeralStart();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + end);
    }

    private static int ephemeralStart() {
        try {
            int start =
                    Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : LINUX_DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return LINUX_DEFAULT_EPHEMERAL_START;
        }
    }
}
