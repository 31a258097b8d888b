package io.hookbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.Samples;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin console in a real Chromium: src/test/browser/admin-console.mjs (Playwright) drives
 * the page of a running bridge whose onward HTTP flow posts to a local sink, and flips that sink
 * between failing and recovering through a small control endpoint; it also lists the flows, edits
 * a sample into a VIP tag, previews the test flow vip-tags (condition {@code .data.tag.name ==
 * "VIP"}, posting to the same sink) and sends it. This test then checks what the sink received and
 * what the journal holds.
 *
 * <p>Needs node, {@code npm ci --prefix src/test/browser} (playwright-core) and Debian's
 * {@code /usr/bin/chromium}; without them it is skipped, except under CI (environment
 * {@code CI=true}), where it fails.
 */
class AdminConsoleBrowserTest {

    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path SCRIPT = BROWSER_DIR.resolve("admin-console.mjs");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOT = Path.of("target/browser/admin-console.png");
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    private TestDatabase db;
    private RecordingHttpServer sink;
    private HttpServer sinkControl;

    @BeforeEach
    void start() throws IOException {
        assumeBrowserAvailable();
        db = TestDatabase.embedded();
        sink = new RecordingHttpServer();
        sinkControl = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sinkControl.createContext("/fail", exchange -> {
            sink.answer(503, Map.of());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        sinkControl.createContext("/recover", exchange -> {
            sink.answer(200, Map.of());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        sinkControl.start();
    }

    @AfterEach
    void stop() {
        if (sinkControl != null) {
            sinkControl.stop(0);
        }
        if (sink != null) {
            sink.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Timeout(240)
    void should_send_a_sample_see_it_dead_then_replay_it_delivered_and_preview_an_edited_one_in_the_browser()
            throws Exception {
        Files.deleteIfExists(SCREENSHOT);
        try (RunningBridge bridge = RunningBridge.start(db, RunningBridge.withTestRoutes(Map.of(
                "hookbridge.admin.token", TestSecrets.ADMIN_TOKEN,
                "hookbridge.forward.url", sink.url("/hooks/systeme"),
                "hookbridge.flow.events-to-http.retry-schedule", "1s",
                "test.sale-flows", "events-to-sql,sales-to-sql,events-to-http",
                "test.vip.url", sink.url("/hooks/vip"))))) {

            Result result = runScript(Map.of(
                    "HOOKBRIDGE_URL", "http://127.0.0.1:" + bridge.port(),
                    "HOOKBRIDGE_ADMIN_TOKEN", TestSecrets.ADMIN_TOKEN,
                    "SINK_CONTROL_URL", "http://127.0.0.1:" + sinkControl.getAddress().getPort(),
                    "SCREENSHOT", SCREENSHOT.toString()));
            System.out.println(result.output());

            assertThat(result.exitCode()).as("the browser script failed:%n%s", result.output()).isZero();
            String sale = Samples.text("customer.sale.completed.json");
            String tag = Samples.text("contact.tag.added.json");
            String vipTag = tag.replace("\"MyAwesomeTag\"", "\"VIP\"");
            List<RecordingHttpServer.Request> received = sink.requests();
            assertThat(received).extracting(RecordingHttpServer.Request::path).containsOnly("/hooks/systeme", "/hooks/vip");
            // the sale once; the tag refused twice (first attempt and its retry), then accepted on replay; the VIP tag
            assertThat(received).filteredOn(request -> request.path().equals("/hooks/systeme"))
                    .extracting(RecordingHttpServer.Request::body).containsExactly(sale, tag, tag, tag, vipTag);
            // vip-tags got the edited tag alone (its condition skipped the tag as shipped), mapped as previewed
            assertThat(received).filteredOn(request -> request.path().equals("/hooks/vip"))
                    .extracting(RecordingHttpServer.Request::body).containsExactly(
                            "{\"email\":\"temochkaykvlv+lksdllfnsnkfdls@gmail.com\",\"tag\":\"VIP\",\"at\":\"2021-10-05T09:52:38Z\"}");
            assertThat(db.rows("SELECT type, remote_address, headers FROM hookbridge_event ORDER BY received_at_ms"))
                    .containsExactly(
                            Map.of("type", "customer.sale.completed", "remote_address", "admin-console",
                                    "headers", "{\"x-hookbridge-sample\":\"customer.sale.completed\"}"),
                            Map.of("type", "contact.tag.added", "remote_address", "admin-console",
                                    "headers", "{\"x-hookbridge-sample\":\"contact.tag.added\"}"),
                            Map.of("type", "contact.tag.added", "remote_address", "admin-console",
                                    "headers", "{\"x-hookbridge-sample\":\"contact.tag.added\","
                                            + "\"x-hookbridge-sample-edited\":\"true\"}"));
            assertThat(db.rows("SELECT body FROM hookbridge_event ORDER BY received_at_ms").get(2).get("body"))
                    .isEqualTo(vipTag.getBytes(StandardCharsets.UTF_8));
            assertThat(db.rows("SELECT a.outcome FROM hookbridge_attempt a JOIN hookbridge_delivery d"
                    + " ON d.id = a.delivery_id JOIN hookbridge_event e ON e.id = d.event_id"
                    + " WHERE e.type = 'contact.tag.added' AND d.flow = 'events-to-http'"
                    + " AND e.headers NOT LIKE '%edited%' ORDER BY a.id"))
                    .extracting(row -> row.get("outcome")).containsExactly("retry", "dead", "delivered");
            assertThat(db.count("systeme_events")).isEqualTo(3);
            assertThat(SCREENSHOT).isNotEmptyFile();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runScript(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "browser-script-output");
        reader.start();
        if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            fail("the browser script did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s:\n" + text(output));
        }
        reader.join(5_000);
        return new Result(process.exitValue(), text(output));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's output, with the admin token taken out should a message repeat it. */
    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8).replace(TestSecrets.ADMIN_TOKEN, "<admin token>");
        }
    }

    /** Skips (or under CI fails) with how to get what the browser test needs. */
    private static void assumeBrowserAvailable() {
        List<String> missing = new ArrayList<>();
        if (!nodeRuns()) {
            missing.add("node");
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core in src/test/browser/node_modules");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "The admin console's browser test needs " + String.join(", ", missing)
                + ". Enable it with: apt-get install chromium (and nodejs npm), then npm ci --prefix src/test/browser";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort(message);
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
