package io.hookbridge.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that send slowly or hold many connections, as raw sockets against the running bridge:
 * the header and request timeouts cut them off even while their bytes keep coming, idle
 * kept-alive connections close, and one address cannot open more than its share.
 */
class SlowClientTest {

    private static final String WEBHOOK = RunningBridge.WEBHOOK;
    private static final long HEADER_TIMEOUT_MS = 1_000;
    private static final long REQUEST_TIMEOUT_MS = 2_000;
    private static final long IDLE_TIMEOUT_MS = 4_000;
    private static final int PER_ADDRESS = 5;
    /** Time between two trickled bytes, and the resolution of the closing times measured. */
    private static final int PAUSE_MS = 200;
    /** How late after its timeout a connection may close (the timer, then the pause of the client noticing). */
    private static final long MARGIN_MS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("content-length: *(\\d+)");
    private static TestDatabase journal;
    private static RunningBridge bridge;

    @BeforeAll
    static void start() {
        journal = TestDatabase.embedded();
        bridge = RunningBridge.start(journal, Map.of(
                "hookbridge.ingress.header-timeout", HEADER_TIMEOUT_MS + "ms",
                "hookbridge.ingress.request-timeout", REQUEST_TIMEOUT_MS + "ms",
                "hookbridge.ingress.idle-timeout", IDLE_TIMEOUT_MS + "ms",
                "hookbridge.ingress.max-connections-per-address", String.valueOf(PER_ADDRESS),
                "hookbridge.delivery.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        journal.close();
    }

    @AfterEach
    void emptyJournal() {
        journal.update("DELETE FROM hookbridge_delivery");
        journal.update("DELETE FROM hookbridge_event");
    }

    @Test
    void should_cut_off_headers_trickled_a_byte_at_a_time() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            send(socket, "POST " + WEBHOOK + " HTTP/1.1\r\nHost: x\r\n");

            Cutoff cutoff = trickleUntilClosed(socket, "X-Trickle: " + "a".repeat(200), start);

            assertThat(cutoff.bytesSent()).as("bytes trickled before the cut").isGreaterThanOrEqualTo(3);
            assertThat(cutoff.millis()).isBetween(HEADER_TIMEOUT_MS - 50, HEADER_TIMEOUT_MS + MARGIN_MS);
            assertTimeoutAnswerIfAny(cutoff);
        }
    }

    @Test
    void should_answer_408_in_json_to_a_connection_that_sends_nothing() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            Cutoff cutoff = trickleUntilClosed(socket, "", start);

            assertThat(cutoff.millis()).isBetween(HEADER_TIMEOUT_MS - 50, HEADER_TIMEOUT_MS + MARGIN_MS);
            assertThat(cutoff.answer()).startsWith("HTTP/1.1 408 ");
            String body = cutoff.answer().substring(cutoff.answer().indexOf("\r\n\r\n") + 4);
            assertThat(JSON.readTree(body).get("error").asText()).isEqualTo("request_timeout");
        }
    }

    @Test
    void should_cut_off_a_body_trickled_a_byte_at_a_time_and_store_nothing() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            send(socket, "POST " + WEBHOOK + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n");

            Cutoff cutoff = trickleUntilClosed(socket, "{\"type\":\"contact.tag.added\",\"pad\":\"" + "a".repeat(1000),
                    start);

            assertThat(cutoff.bytesSent()).as("bytes trickled before the cut").isGreaterThanOrEqualTo(5);
            assertThat(cutoff.millis()).isBetween(REQUEST_TIMEOUT_MS - 50, REQUEST_TIMEOUT_MS + MARGIN_MS);
            assertTimeoutAnswerIfAny(cutoff);
        }
        assertThat(journal.count("hookbridge_event")).isZero();
        assertThat(journal.count("hookbridge_delivery")).isZero();
    }

    @Test
    void should_cut_off_the_trickled_headers_of_the_next_request_on_a_kept_alive_connection() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            send(socket, webhookRequest());
            assertThat(readAnswerStatus(socket)).isEqualTo(202);
            Thread.sleep(HEADER_TIMEOUT_MS / 2);

            long start = System.nanoTime();
            send(socket, "POST " + WEBHOOK + " HTTP/1.1\r\nHost: x\r\n");
            Cutoff cutoff = trickleUntilClosed(socket, "X-Trickle: " + "a".repeat(200), start);

            assertThat(cutoff.bytesSent()).as("bytes trickled before the cut").isGreaterThanOrEqualTo(3);
            assertThat(cutoff.millis()).isBetween(HEADER_TIMEOUT_MS - 50, HEADER_TIMEOUT_MS + MARGIN_MS);
            assertTimeoutAnswerIfAny(cutoff);
        }
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
    }

    @Test
    void should_answer_requests_sent_back_to_back_on_one_connection() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            byte[] one = webhookRequest();
            byte[] two = new byte[one.length * 2];
            System.arraycopy(one, 0, two, 0, one.length);
            System.arraycopy(one, 0, two, one.length, one.length);
            send(socket, two);

            assertThat(readAnswerStatus(socket)).isEqualTo(202);
            assertThat(readAnswerStatus(socket)).as("the same body again").isEqualTo(200);
        }
    }

    @Test
    void should_keep_an_idle_kept_alive_connection_past_the_header_timeout_and_close_it_at_the_idle_timeout()
            throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            send(socket, webhookRequest());
            assertThat(readAnswerStatus(socket)).isEqualTo(202);
            long start = System.nanoTime();

            Cutoff cutoff = trickleUntilClosed(socket, "", start);

            // the idle clock starts as the answer is written, a little before the client has read it
            assertThat(cutoff.millis()).isBetween(IDLE_TIMEOUT_MS - 300, IDLE_TIMEOUT_MS + MARGIN_MS);
            assertThat(cutoff.answer()).isEmpty();
        }
    }

    @Test
    void should_close_a_connection_over_the_limit_of_its_address_at_once() throws Exception {
        // an address of its own, so that the test client's kept-alive connections do not count
        InetAddress address = InetAddress.getByName("127.0.0.2");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(connect(address));
            }
            long start = System.nanoTime();
            try (Socket refused = connect(address)) {
                Cutoff cutoff = trickleUntilClosed(refused, "", start);

                assertThat(cutoff.millis()).as("closed before any timeout").isLessThan(HEADER_TIMEOUT_MS / 2);
                assertThat(cutoff.answer()).isEmpty();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }

        // the places are given back as the server sees the connections close
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            int status;
            try (Socket socket = connect(address)) {
                send(socket, webhookRequest());
                status = readAnswerStatus(socket);
            } catch (IOException refused) {
                status = -1;
            }
            if (status != -1 || System.nanoTime() > deadline) {
                assertThat(status).isEqualTo(202);
                break;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void should_still_accept_a_normal_webhook() {
        assertThat(bridge.postJson(WEBHOOK, Samples.bytes("contact.tag.added.json")).statusCode()).isEqualTo(202);
        assertThat(journal.count("hookbridge_event")).isEqualTo(1);
    }

    private record Cutoff(long millis, int bytesSent, String answer) {
    }

    private static Socket connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bridge.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        send(socket, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private static byte[] webhookRequest() {
        byte[] body = Samples.bytes("contact.tag.added.json");
        byte[] head = ("POST " + WEBHOOK + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * Sends the text one byte per pause until the server closes the connection (then nothing
     * more once the text is all sent); when that was, counted from {@code startNanos}, and what
     * the server said before.
     */
    private static Cutoff trickleUntilClosed(Socket socket, String text, long startNanos) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        socket.setSoTimeout(PAUSE_MS);
        int sent = 0;
        while (System.nanoTime() - startNanos < 15_000_000_000L) {
            try {
                if (sent < bytes.length) {
                    out.write(bytes[sent]);
                    out.flush();
                    sent++;
                }
                int read = in.read(buffer);
                if (read == -1) {
                    break;
                }
                answer.write(buffer, 0, read);
            } catch (SocketTimeoutException stillOpen) {
                // the pause between two bytes
            } catch (IOException reset) {
                break;
            }
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        if (millis >= 15_000) {
            fail("the server did not close the connection within 15 s");
        }
        return new Cutoff(millis, sent, answer.toString(StandardCharsets.UTF_8));
    }

    /** The client may see the connection reset before the 408 sent ahead of it, but never another answer. */
    private static void assertTimeoutAnswerIfAny(Cutoff cutoff) {
        if (!cutoff.answer().isEmpty()) {
            assertThat(cutoff.answer()).startsWith("HTTP/1.1 408 ");
        }
    }

    /** Reads one whole answer from a kept-alive connection; its status, or -1 if the connection closed first. */
    private static int readAnswerStatus(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readLine(in, "\r\n\r\n");
        if (head == null) {
            return -1;
        }
        String lowerHead = head.toLowerCase(Locale.ROOT);
        if (lowerHead.contains("transfer-encoding: chunked")) {
            while (true) {
                String size = readLine(in, "\r\n");
                if (size == null) {
                    return -1;
                }
                int length = Integer.parseInt(size.trim(), 16);
                in.readNBytes(length + 2);
                if (length == 0) {
                    break;
                }
            }
        } else {
            Matcher length = CONTENT_LENGTH.matcher(lowerHead);
            in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        }
        return Integer.parseInt(head.split(" ")[1]);
    }

    /** The bytes up to the end mark, or null if the connection closed first. */
    private static String readLine(InputStream in, String end) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (!line.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
