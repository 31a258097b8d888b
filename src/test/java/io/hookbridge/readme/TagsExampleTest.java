package io.hookbridge.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.RecordingHttpServer;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's worked example ("Adding a flow": tag added -> a row in the "Tags" tab and a call
 * to a CRM), taken from the README's own code blocks, added to a copy of routes/, and run
 * against the local Sheets and HTTP servers: what the README shows is what works.
 */
class TagsExampleTest {

    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: ([^>]+?) -->\\s*```yaml\\n(.*?)```",
            Pattern.DOTALL);
    private static final String DISPATCH = "routes/dispatch/route-by-type.camel.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_append_a_tags_row_and_call_the_crm_for_a_tag_added() throws Exception {
        Path home = BridgeProcess.newHome();
        applyReadmeExamples(home);
        try (TestDatabase db = TestDatabase.embedded(); SheetsApiServer sheets = SheetsApiServer.start();
                RecordingHttpServer crm = new RecordingHttpServer()) {
            Map<String, String> settings = new LinkedHashMap<>(Map.of(
                    "camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/**/*.camel.yaml",
                    "hookbridge.sheets.spreadsheet-id", "sheet-1",
                    "hookbridge.sheets.service-account-key", sheets.writeServiceAccountKey(home).toString(),
                    "hookbridge.sheets.root-url", sheets.rootUrl(),
                    "hookbridge.crm.tag-url", crm.url("/hooks/tags")));
            try (RunningBridge bridge = RunningBridge.start(db, settings)) {
                assertThat(bridge.postSample("contact.tag.added.json").statusCode()).isEqualTo(202);
                assertThat(bridge.postSample("contact.tag.removed.json").statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20)).until(() -> sheets.rows("sheet-1", "Tags").size() == 2
                        && crm.requests().size() == 1 && sheets.rows("sheet-1", "Events").size() == 3);
            }

            // the bridge made the tab with its header
            assertThat(sheets.displayed("sheet-1", "Tags")).containsExactly(List.of("date", "tag", "email"),
                    List.of("2021-10-05 09:52:38", "MyAwesomeTag", "temochkaykvlv+lksdllfnsnkfdls@gmail.com"));
            assertThat(JSON.readTree(crm.requests().get(0).body())).isEqualTo(JSON.readTree("""
                    {"email":"temochkaykvlv+lksdllfnsnkfdls@gmail.com","tag":"MyAwesomeTag","at":"2021-10-05T09:52:38Z"}"""));
            assertThat(crm.requests().get(0).path()).isEqualTo("/hooks/tags");
            assertThat(db.rows("SELECT flow FROM hookbridge_delivery ORDER BY flow")).extracting(row -> row.get("flow"))
                    .containsExactly("contacts-to-sheets", "contacts-to-sheets", "events-to-sheets", "events-to-sheets",
                            "events-to-sql", "events-to-sql", "tags-to-crm", "tags-to-sheets");
            assertThat(sheets.rows("sheet-1", "Events")).extracting(row -> row.get(1))
                    .containsExactly("type", "contact.tag.added", "contact.tag.removed");
            // a Sheets date, and text
            assertThat(sheets.cells("sheet-1", "Tags").get(1).get(0).formatType()).isEqualTo("DATE_TIME");
            assertThat(sheets.rows("sheet-1", "Tags").get(1).subList(1, 3)).doesNotHaveAnyElementsOfTypes(BigDecimal.class);
        }
    }

    /** Writes the README's example flow files into home/routes and adds its dispatch branch first under "when:". */
    private static void applyReadmeExamples(Path home) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher example = EXAMPLE.matcher(readme);
        int applied = 0;
        while (example.find()) {
            String target = example.group(1).trim();
            String yaml = example.group(2);
            if (target.startsWith(DISPATCH)) {
                Path dispatch = home.resolve(DISPATCH);
                String routes = Files.readString(dispatch);
                assertThat(routes).contains("            when:\n");
                Files.writeString(dispatch, routes.replace("            when:\n", "            when:\n" + yaml));
            } else {
                Files.writeString(home.resolve(target), yaml);
            }
            applied++;
        }
        assertThat(applied).as("example blocks in the README").isEqualTo(3);
    }
}
