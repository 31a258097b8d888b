package io.hookbridge.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.RunningBridge;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** With the journal database out of reach the bridge answers 503 and never 2xx, then recovers by itself. */
class JournalOutageTest {

    @Test
    void should_answer_503_while_the_journal_database_is_down_and_202_again_once_it_is_back() throws Exception {
        Path folder = Files.createTempDirectory("hookbridge-h2-server-");
        int dbPort = RunningBridge.freePort();
        String[] serverArgs = {"-tcpPort", String.valueOf(dbPort), "-ifNotExists", "-baseDir", folder.toString()};
        String url = "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/journal";
        Server server = Server.createTcpServer(serverArgs).start();
        try (RunningBridge bridge = RunningBridge.startWith(Map.of("hookbridge.db.url", url,
                "hookbridge.db.username", "sa", "hookbridge.db.password", ""))) {
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);

            server.stop();
            HttpResponse<String> during = bridge.postSample("customer.sale.completed.json");

            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(new ObjectMapper().readTree(during.body()).get("error").asText()).isEqualTo("journal_unavailable");

            server = Server.createTcpServer(serverArgs).start();
            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                statuses.add(bridge.postSample("customer.sale.completed.json").statusCode());
                return statuses.get(statuses.size() - 1) == 202;
            });
            assertThat(statuses.subList(0, statuses.size() - 1)).allMatch(status -> status == 503);
            assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }

        Server reader = Server.createTcpServer(serverArgs).start();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT type FROM hookbridge_event ORDER BY received_at_ms")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("contact.tag.added");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("customer.sale.completed");
            assertThat(rows.next()).isFalse();
        } finally {
            reader.stop();
        }
    }
}
