package io.prodcat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void readsTheKernelsAddressesAndTellsLoopbackFromEveryInterface() {
        assertThat(ListeningSockets.address("0100007F:1F90")).isEqualTo("127.0.0.1:8080");
        assertThat(ListeningSockets.address("00000000:0CEA")).isEqualTo("0.0.0.0:3306");
        assertThat(ListeningSockets.address("00000000000000000000000000000000:1F90"))
                .isEqualTo("[::]:8080");
        assertThat(ListeningSockets.loopbackOnly(List.of("127.0.0.1:8080", "[::1]:9000")))
                .isTrue();
        assertThat(ListeningSockets.loopbackOnly(List.of("127.0.0.1:8080", "0.0.0.0:3306")))
                .isFalse();
        assertThat(ListeningSockets.loopbackOnly(List.of("[::]:8080"))).isFalse();
    }

    @Test
    void findsWhatThisProcessListensOnAndOnWhichAddress() throws Exception {
        try (ServerSocket loopback = new ServerSocket();
                ServerSocket everywhere = new ServerSocket()) {
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            everywhere.bind(new InetSocketAddress(0));
            List<String> listening = ListeningSockets.ofThisDemo(List.of());

            assertThat(listening).contains("127.0.0.1:" + loopback.getLocalPort());
            assertThat(listening)
                    .anyMatch(socket ->
                            socket.endsWith(":" + everywhere.getLocalPort()) && !socket.startsWith("127.0.0.1:"));
            assertThat(ListeningSockets.loopbackOnly(listening)).isFalse();
        }
    }
}
