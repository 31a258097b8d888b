package io.hookbridge.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections from addresses outside {@code hookbridge.ingress.allowed-ips}, over real sockets:
 * however many they hold open, the allowed sender (127.0.0.2) still gets its webhook answered,
 * and a refused address can still reach the pages the allowlist does not cover.
 */
class AllowlistConnectionsTest {

    private static final int MAX_CONNECTIONS = 20;
    private static final InetAddress ALLOWED = loopback("127.0.0.2");
    private static final InetAddress REFUSED = loopback("127.0.0.3");
    private static TestDatabase journal;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, Map.of(
                "hookbridge.ingress.allowed-ips", "127.0.0.2",
                "hookbridge.ingress.max-connections", String.valueOf(MAX_CONNECTIONS),
                "hookbridge.delivery.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
    }

    @Test
    void should_answer_the_allowed_sender_while_a_refused_address_holds_every_socket_it_can() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(connect(REFUSED));
            }
            // the server has seen them all once one more from the same address is answered or closed
            Thread.sleep(500);

            try (Socket sender = connect(ALLOWED)) {
                send(sender, webhookRequest());
                assertThat(readAnswer(sender)).startsWith("HTTP/1.1 202 ");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
    }

    @Test
    void should_still_answer_a_refused_address_403_on_the_webhook_path_and_serve_it_the_admin_console()
            throws Exception {
        try (Socket refused = connect(REFUSED)) {
            send(refused, webhookRequest());
            assertThat(readAnswer(refused)).startsWith("HTTP/1.1 403 ");
        }
        try (Socket operator = connect(REFUSED)) {
            send(operator, "GET /admin/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAnswer(operator)).doesNotStartWith("HTTP/1.1 403 ").startsWith("HTTP/1.1 ");
        }
    }

    private static Socket connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bridge.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private static byte[] webhookRequest() {
        byte[] body = Samples.bytes("contact.tag.added.json");
        byte[] head = ("POST " + RunningBridge.WEBHOOK + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Everything the server sends until it closes the connection; empty when it closes without an answer. */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                answer.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            // what came before is the answer
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static InetAddress loopback(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
