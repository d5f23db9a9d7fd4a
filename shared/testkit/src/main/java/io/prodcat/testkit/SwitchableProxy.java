package io.prodcat.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on loopback in front of a real server, that a test can switch off and on: switched off, it ends
 * every open connection's server side and tells its client the connection is closed, and closes every new connection
 * as soon as it is accepted, before a byte reaches the server: a real outage of that server as its clients see it (no
 * mock involved). It counts the tries during an outage, a new connection or a request sent on a cut one (a pool that
 * reuses a connection without checking it), so a test can tell that a client really tried the server then. Its port
 * lies below the kernel's ephemeral range, so no outgoing connection takes it.
 */
public final class SwitchableProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ServerSocket listener;
    private volatile boolean on;

    private SwitchableProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** Forwards to the host and port of {@code targetUrl} (e.g. http://127.0.0.1:9000). */
    public static SwitchableProxy to(String targetUrl) {
        URI uri = URI.create(targetUrl);
        SwitchableProxy proxy = new SwitchableProxy(
                new InetSocketAddress(uri.getHost(), uri.getPort()), FreePort.belowEphemeralRange());
        proxy.switchOn();
        return proxy;
    }

    /** The proxy's URL, with the target's scheme. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void switchOn() {
        on = true;
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        daemon(this::acceptLoop);
    }

    /** How often a client tried the server while the proxy was off: new connections, and requests on cut ones. */
    public int triesWhileOff() {
        return tries.get();
    }

    /** Whether a client tried the server while off since {@code before} ({@link #triesWhileOff()} read then). */
    public java.util.function.BooleanSupplier triedSince(int before) {
        return () -> tries.get() > before;
    }

    /** Runs {@code action} once, when a client first sends {@code text}. */
    private record Trigger(String text, Runnable action, AtomicBoolean fired) {}

    /**
     * Runs {@code action} once, when a client sends {@code text} (an HTTP request line such as
     * {@code "PUT /dataset/train/feedback-"}), before that data is forwarded: a plain-HTTP server's requests mark the
     * steps of a function, so a test can cut this or another dependency at a chosen step.
     *
     * @return whether the text was sent and the action ran
     */
    public java.util.function.BooleanSupplier onClientSends(String text, Runnable action) {
        Trigger trigger = new Trigger(text, action, new AtomicBoolean());
        triggers.add(trigger);
        return trigger.fired()::get;
    }

    /** Forgets the triggers that have not fired. */
    public void clearTriggers() {
        triggers.clear();
    }

    /** One client's connection through the proxy; {@code cut} once an outage ended it. */
    private record Connection(Socket client, Socket server, AtomicBoolean cut) {}

    public synchronized void switchOff() {
        on = false;
        for (Connection connection : open) {
            connection.cut().set(true);
            closeQuietly(connection.server());
            try {
                connection.client().shutdownOutput(); // the client reads the end; what it sends next is counted
            } catch (IOException e) {
                closeQuietly(connection.client());
            }
        }
        open.clear();
    }

    private void acceptLoop() {
        ServerSocket socket = listener;
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!on) {
                refuse(client);
                continue;
            }
            try {
                Connection connection =
                        new Connection(client, new Socket(target.getAddress(), target.getPort()), new AtomicBoolean());
                if (!register(connection)) {
                    refuse(client);
                    closeQuietly(connection.server());
                    continue;
                }
                pipe(connection, true);
                pipe(connection, false);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: so is the connection through us
            }
        }
    }

    /**
     * Adds a connection to the open ones unless the proxy was switched off meanwhile: a connection accepted while
     * {@link #switchOff} ran would otherwise outlive the outage.
     */
    private synchronized boolean register(Connection connection) {
        if (!on) {
            return false;
        }
        open.add(connection);
        return true;
    }

    private void refuse(Socket client) {
        tries.incrementAndGet();
        closeQuietly(client);
    }

    /**
     * Copies one direction of a connection. Once the connection is cut, what its client sends is not forwarded but
     * counted as a try (unless it is what triggered the cut), and the server side's end does not close the client's,
     * so that the client's next request can still be seen.
     */
    private void pipe(Connection connection, boolean fromClient) {
        Socket from = fromClient ? connection.client() : connection.server();
        Socket to = fromClient ? connection.server() : connection.client();
        daemon(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                String carried = ""; // the end of the last read, for a text split between two reads
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    boolean fired = false;
                    if (fromClient && !triggers.isEmpty()) {
                        String window = carried + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                        for (Trigger trigger : triggers) {
                            if (window.contains(trigger.text())
                                    && trigger.fired().compareAndSet(false, true)) {
                                trigger.action().run();
                                fired = true;
                            }
                        }
                        carried = window.substring(Math.max(0, window.length() - 256));
                    }
                    if (connection.cut().get()) {
                        if (fromClient && !fired && !on) {
                            tries.incrementAndGet();
                        }
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                if (fromClient || !connection.cut().get()) {
                    closeQuietly(connection.client());
                }
                closeQuietly(connection.server());
                open.remove(connection);
            }
        });
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        switchOff();
        closeQuietly(listener);
    }
}
