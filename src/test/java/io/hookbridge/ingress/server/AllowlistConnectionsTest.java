package io.hookbridge.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
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
 * Connections from addresses outside {@code hookbridge.ingress.allowed-ips}, over real sockets.
 * With the admin console off the webhook port serves webhooks only: such a connection is closed
 * at connect and takes no slot. With the console on, such addresses may reach it, and share at
 * most half of the slots: however many they hold open, the allowed sender (127.0.0.2) still gets
 * its webhook answered.
 */
class AllowlistConnectionsTest {

    private static final int MAX_CONNECTIONS = 20;
    private static final InetAddress ALLOWED = loopback("127.0.0.2");
    private static final InetAddress REFUSED = loopback("127.0.0.3");
    private static final Map<String, String> SETTINGS = Map.of(
            "hookbridge.ingress.allowed-ips", "127.0.0.2",
            "hookbridge.ingress.max-connections", String.valueOf(MAX_CONNECTIONS),
            "hookbridge.delivery.enabled", "false");
    private static TestDatabase journal;
    private static RunningBridge bridge;
    private static TestDatabase consoleJournal;
    private static RunningBridge withConsole;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, SETTINGS);
        consoleJournal = TestDatabase.embedded();
        withConsole = RunningBridge.start(consoleJournal, RunningBridge.with(SETTINGS, "hookbridge.admin.token",
                TestSecrets.ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
        withConsole.close();
        consoleJournal.close();
    }

    @Test
    void should_close_a_refused_address_at_connect_and_answer_the_allowed_sender_however_many_it_opens()
            throws Exception {
        List<Socket> opened = new ArrayList<>();
        try {
            // the first connection of the address, with every slot free: closed all the same
            Socket probe = connect(bridge, REFUSED);
            opened.add(probe);
            for (int i = 0; i < MAX_CONNECTIONS + 5; i++) {
                opened.add(connect(bridge, REFUSED));
            }
            try {
                send(probe, webhookRequest());
            } catch (java.net.SocketException closedAlready) {
                // closed at connect, before the request was written
            }
            assertThat(readAnswer(probe)).as("closed without an answer").isEmpty();

            try (Socket sender = connect(bridge, ALLOWED)) {
                send(sender, webhookRequest());
                assertThat(readAnswer(sender)).startsWith("HTTP/1.1 202 ");
            }
        } finally {
            for (Socket socket : opened) {
                socket.close();
            }
        }
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
    }

    @Test
    void should_answer_the_allowed_sender_while_a_refused_address_holds_every_socket_it_can() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                held.add(connect(withConsole, REFUSED));
            }
            // the server has seen them all once one more from the same address is answered or closed
            Thread.sleep(500);

            try (Socket sender = connect(withConsole, ALLOWED)) {
                send(sender, webhookRequest());
                assertThat(readAnswer(sender)).startsWith("HTTP/1.1 202 ");
            }
            // health and metrics, on their own port, are not limited by what refused senders hold
            for (InetAddress checker : List.of(InetAddress.getLoopbackAddress(), REFUSED)) {
                try (Socket health = connect(withConsole.managementUri("/").getPort(), checker)) {
                    send(health, "GET /observe/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAnswer(health)).as("health from %s", checker).startsWith("HTTP/1.1 200 ");
                }
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        assertThat(consoleJournal.count("hookbridge_event")).isEqualTo(1);
    }

    @Test
    void should_still_answer_a_refused_address_403_on_the_webhook_path_and_serve_it_the_admin_console()
            throws Exception {
        try (Socket refused = connect(withConsole, REFUSED)) {
            send(refused, webhookRequest());
            assertThat(readAnswer(refused)).startsWith("HTTP/1.1 403 ");
        }
        try (Socket operator = connect(withConsole, REFUSED)) {
            send(operator, "GET /admin/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAnswer(operator)).startsWith("HTTP/1.1 200 ");
        }
    }

    private static Socket connect(RunningBridge target, InetAddress from) throws IOException {
        return connect(target.port(), from);
    }

    private static Socket connect(int port, InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
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
