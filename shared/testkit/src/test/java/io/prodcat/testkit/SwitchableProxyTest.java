package io.prodcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SwitchableProxyTest {

    /**
     * A client that reconnects the moment its connection is cut, as OkHttp does once, must not reach the server
     * while the proxy is off. Before connections accepted during {@code switchOff} were closed, 7 or more of these
     * 300 reconnects got through (PredictFunctionIT's export then answered 200 during its S3 outage).
     */
    @Test
    void noRequestReachesTheServerBetweenACutAndSwitchingOnAgain() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SwitchableProxy proxy = SwitchableProxy.to("http://127.0.0.1:" + server.getLocalPort())) {
            daemon(() -> recordRequestLines(server, received));
            int port = Integer.parseInt(proxy.url().substring(proxy.url().lastIndexOf(':') + 1));
            for (int i = 0; i < 300; i++) {
                proxy.onClientSends("PUT /cut", proxy::switchOff);
                sendThenReconnectOnce(port, i);
                proxy.clearTriggers();
                proxy.switchOn();
            }
            try (Socket after = new Socket(InetAddress.getLoopbackAddress(), port)) {
                after.getOutputStream().write("GET /after HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("GET /after HTTP/1.1"));
            }

            assertThat(received).noneMatch(line -> line.startsWith("PUT /"));
            assertThat(proxy.triesWhileOff())
                    .as("each reconnect during the outage counted")
                    .isEqualTo(300);
            assertThat(port).as("below the ephemeral ports").isLessThan(32768);
        }
    }

    /** Sends a request that cuts the proxy, waits for the cut, and sends another at once on a new connection. */
    private static void sendThenReconnectOnce(int port, int i) throws IOException {
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
            first.setSoTimeout(2_000);
            OutputStream out = first.getOutputStream();
            out.write(("PUT /cut-" + i + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            first.getInputStream().read(); // -1 or a reset: the proxy cut the connection
        } catch (IOException cut) {
            // the cut, as the client sees it
        }
        try (Socket retry = new Socket(InetAddress.getLoopbackAddress(), port)) {
            retry.setSoTimeout(200); // through to the server, which never answers
            OutputStream out = retry.getOutputStream();
            out.write(("PUT /retry-" + i + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            retry.getInputStream().read();
        } catch (IOException refusedCutOrUnanswered) {
            // refused, or accepted and cut at once (the outage); or it got through, which the test reports
        }
    }

    private static void recordRequestLines(ServerSocket server, List<String> received) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                daemon(() -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            received.add(line);
                        }
                    } catch (IOException e) {
                        // cut by the proxy
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
    }
}
