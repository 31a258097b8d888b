package io.hookbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.BridgeProcess;
import io.hookbridge.testing.RunningBridge;
import io.hookbridge.testing.SheetsApiServer;
import io.hookbridge.testing.TestDatabase;
import io.hookbridge.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every mistake in a flow stops the start before the first event, with the file, the flow and
 * what to change in a line, never a route dump; and the check command
 * ({@code java -jar hookbridge.jar check}) finds the same mistake, word for word, with exit code
 * 1. Each test adds one broken flow file to a copy of routes/ and boots the real application in
 * the JVM, which fails at once; then checks the same copy as the check command does.
 */
class FlowStartupChecksTest {

    /** A correct flow, which each test breaks in one place. */
    private static final String TAGS_TO_SQL = """
            # contact.tag.added -> one row in contact_tags.
            - templatedRoute:
                routeTemplateRef: sql-insert
                routeId: tags-to-sql
                parameters:
                  - name: flow
                    value: tags-to-sql
                  - name: types
                    value: contact.tag.added
                  - name: table
                    value: contact_tags
                  - name: columns
                    value: |
                      tag   = $.data.tag.name
                      email = $.data.contact.email
                      at    = $.created_at as timestamp
            """;
    /** A correct email flow, written by a user: recipients of its own, so it is on whatever hookbridge.alerts.to says. */
    private static final String VIP_TO_EMAIL = """
            # contact.tag.added -> an email to the owner.
            - templatedRoute:
                routeTemplateRef: email-alert
                routeId: vip-to-email
                parameters:
                  - name: flow
                    value: vip-to-email
                  - name: types
                    value: contact.tag.added
                  - name: to
                    value: owner@shop.example
                  - name: subject
                    value: "New VIP: ${event.email}"
                  - name: fields
                    value: |
                      email = $.data.contact.email
                      tag   = $.data.tag.name
            """;
    private static final Map<String, String> SMTP = Map.of("hookbridge.mail.host", "127.0.0.1",
            "hookbridge.mail.from", "bridge@shop.example");

    private Path home;

    @BeforeEach
    void copyRoutes() {
        home = BridgeProcess.newHome();
    }

    @Test
    void should_refuse_a_flow_of_an_unknown_sink_template() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("routeTemplateRef: sql-insert", "routeTemplateRef: sql-insrt"));

        refusal.assertOneMistake(flow("tags-to-sql"), "routeTemplateRef 'sql-insrt' names no sink template (did you mean"
                + " sql-insert?); the sink templates are: email-alert, email-digest, google-sheets-append, google-sheets, http-post,"
                + " sql-insert");
    }

    @Test
    void should_refuse_a_flow_without_a_parameter_its_template_needs() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: table\n        value: contact_tags\n", ""));

        refusal.assertOneMistake(flow("tags-to-sql"), "the sql-insert template needs the parameter table (Target table)");
    }

    @Test
    void should_refuse_an_unknown_parameter_naming_the_one_it_likely_meant() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: columns", "      - name: kye\n        value: tag\n"
                + "      - name: columns"));

        refusal.assertOneMistake(flow("tags-to-sql"), "unknown parameter 'kye' (did you mean key?); the sql-insert"
                + " template takes: flow, table, columns, key, dataSource, batchSize, and every flow: types, when, language");
    }

    @Test
    void should_refuse_a_flow_without_types() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: types\n        value: contact.tag.added\n", ""));

        refusal.assertOneMistake(flow("tags-to-sql"), "no types: name the event types that start the flow, e.g. types"
                + " = customer.sale.completed (comma-separated, or all)");
    }

    @Test
    void should_refuse_an_unknown_event_type_naming_the_one_it_likely_meant() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("value: contact.tag.added", "value: contact.tag.add"));

        refusal.assertOneMistake(flow("tags-to-sql"), "unknown event type 'contact.tag.add' in types (did you mean"
                + " contact.tag.added?)");
    }

    @Test
    void should_refuse_an_event_type_that_is_nothing_like_a_known_one_listing_them() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("value: contact.tag.added", "value: all, order.paid"));

        refusal.assertOneMistake(flow("tags-to-sql"), "unknown event type 'order.paid' in types; the types are:"
                + " customer.sale.completed, customer.sale.cancelled, contact.created, contact.optin.completed,"
                + " contact.tag.added, contact.tag.removed, contact.course.enrolled, contact.course_bundle.enrolled,"
                + " contact.webinar.registered, contact.campaign.finished, contact.page.visited,"
                + " contact.email_link.clicked (or all)");
    }

    @Test
    void should_refuse_a_flow_whose_flow_parameter_is_not_its_route_id() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("        value: tags-to-sql", "        value: tag-to-sql"));

        refusal.assertOneMistake(flow("tags-to-sql"), "the parameter flow ('tag-to-sql') must be the routeId"
                + " ('tags-to-sql')");
    }

    @Test
    void should_refuse_a_flow_without_a_route_id() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("    routeId: tags-to-sql\n", ""));

        refusal.assertOneMistake(flow("tags-to-sql"), "no routeId: give the flow its name as routeId, the same as its"
                + " flow parameter");
    }

    @Test
    void should_refuse_a_second_flow_of_the_same_name_naming_the_first() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("tags-to-sql", "sales-to-sql"));

        refusal.assertOneMistake(flow("tags-to-sql", "sales-to-sql"), "the name sales-to-sql is taken by another flow, in "
                + home.resolve("routes/flows/sales-to-sql.camel.yaml") + ": give each flow a name (routeId and flow)"
                + " of its own");
    }

    @Test
    void should_refuse_a_flow_named_like_another_route() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("tags-to-sql", "route-by-type"));

        refusal.assertOneMistake(flow("tags-to-sql", "route-by-type"), "the name route-by-type is the id of the route in "
                + home.resolve("routes/dispatch/route-by-type.camel.yaml") + ": give the flow a name (routeId and flow)"
                + " of its own");
    }

    @Test
    void should_refuse_a_mapping_line_that_does_not_parse() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("tag   = $.data.tag.name", "tag   : $.data.tag.name"));

        refusal.assertOneMistake(flow("tags-to-sql"), "columns: mapping line 1 'tag   : $.data.tag.name' is not of the"
                + " form 'name = $.path [or $.other.path] [as type]'");
    }

    @Test
    void should_refuse_an_unknown_value_type_in_a_mapping_naming_the_one_it_likely_meant() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("as timestamp", "as datetme"));

        refusal.assertOneMistake(flow("tags-to-sql"), "columns: mapping line 3 'at    = $.created_at as datetme':"
                + " unknown value type 'datetme' (did you mean datetime?): use text, long, decimal, cents, timestamp,"
                + " date, datetime, upper or json");
    }

    @Test
    void should_refuse_a_jq_condition_that_does_not_compile() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: table", "      - name: when\n"
                + "        value: .data.tag.name ==\n      - name: table"));

        refusal.assertOneMistake(flow("tags-to-sql"), "when: the jq condition '.data.tag.name ==' does not compile:");
    }

    @Test
    void should_refuse_a_jsonpath_condition_that_does_not_compile() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: table", "      - name: when\n"
                + "        value: \"$.data.tag[?(@.name == 'VIP')\"\n      - name: language\n        value: jsonpath\n"
                + "      - name: table"));

        refusal.assertOneMistake(flow("tags-to-sql"), "when: the jsonpath condition '$.data.tag[?(@.name == 'VIP')'"
                + " does not compile: Could not parse token starting at position 10");
    }

    @Test
    void should_refuse_a_condition_language_other_than_jq_or_jsonpath() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("      - name: table", "      - name: when\n"
                + "        value: .data.tag.name == \"VIP\"\n      - name: language\n        value: xpath\n"
                + "      - name: table"));

        refusal.assertOneMistake(flow("tags-to-sql"), "language must be jq (the default) or jsonpath, not 'xpath'");
    }

    @Test
    void should_refuse_an_email_template_whose_text_file_does_not_exist() throws Exception {
        Refusal refusal = refuse("vip-to-email", withTemplate(VIP_TO_EMAIL, "vip-alert"), SMTP);

        refusal.assertOneMistake(flow("vip-to-email"), "template vip-alert: there is no "
                + home.resolve("routes/templates/vip-alert.txt.ftl") + "; write it (the plain text), or leave template"
                + " out for the built-in text");
    }

    @Test
    void should_refuse_the_missing_template_of_an_email_flow_that_is_off() throws Exception {
        Refusal refusal = refuse("vip-to-email", withTemplate(VIP_TO_EMAIL, "vip-alert")
                .replace("value: owner@shop.example", "value: \"{{?hookbridge.alerts.to}}\""), Map.of());

        refusal.assertOneMistake(flow("vip-to-email"), "template vip-alert: there is no "
                + home.resolve("routes/templates/vip-alert.txt.ftl"));
    }

    @Test
    void should_refuse_an_email_template_that_does_not_render_with_the_mapped_fields() throws Exception {
        Files.writeString(home.resolve("routes/templates/vip-alert.txt.ftl"), "A new VIP:\n\n  ${event.emial}\n");

        Refusal refusal = refuse("vip-to-email", withTemplate(VIP_TO_EMAIL, "vip-alert"), SMTP);

        refusal.assertOneMistake(flow("vip-to-email"), "its mail does not render for the sample contact.tag.added: mail"
                + " template " + home.resolve("routes/templates/vip-alert.txt.ftl") + ": event.emial is missing, at line"
                + " 3, column 5; an event has: email, tag, event_id, type, received_at, summary");
    }

    @Test
    void should_refuse_an_email_template_that_does_not_parse() throws Exception {
        Files.writeString(home.resolve("routes/templates/vip-alert.txt.ftl"), "A new VIP: ${event.email\n");

        Refusal refusal = refuse("vip-to-email", withTemplate(VIP_TO_EMAIL, "vip-alert"), SMTP);

        refusal.assertOneMistake(flow("vip-to-email"), "its mail does not render for the sample contact.tag.added: mail"
                + " template " + home.resolve("routes/templates/vip-alert.txt.ftl") + ": syntax error, at line 1, column"
                + " 25: Unexpected end of file reached. You have an unclosed \"{\".");
    }

    @Test
    void should_refuse_an_email_subject_that_does_not_render_with_the_mapped_fields() throws Exception {
        Refusal refusal = refuse("vip-to-email", VIP_TO_EMAIL.replace("${event.email}", "${event.emial}"), SMTP);

        refusal.assertOneMistake(flow("vip-to-email"), "its mail does not render for the sample contact.tag.added: the"
                + " mail subject 'New VIP: ${event.emial}': event.emial is missing, at line 1, column 12; an event has:"
                + " email, tag, event_id, type, received_at, summary");
    }

    @Test
    void should_refuse_an_email_flow_that_is_on_without_an_smtp_server() throws Exception {
        Refusal refusal = refuse("vip-to-email", VIP_TO_EMAIL, Map.of());

        refusal.assertOneMistake(flow("vip-to-email"), "it sends email, but no SMTP server is set: set"
                + " hookbridge.mail.host (and hookbridge.mail.from)");
        assertThat(refusal.startup()).doesNotContain("No bean could be found");
    }

    @Test
    void should_refuse_a_switched_off_email_flow_with_recipients_without_an_smtp_server() throws Exception {
        Refusal refusal = refuse("vip-to-email", VIP_TO_EMAIL, Map.of("hookbridge.flow.vip-to-email.enabled", "false"));

        refusal.assertOneMistake(flow("vip-to-email"), "it is switched off, but with recipients (to) its route is made"
                + " all the same, and that needs an SMTP server: set hookbridge.mail.host (and hookbridge.mail.from), or"
                + " leave its to empty");
    }

    @Test
    void should_refuse_a_setting_a_flow_names_that_is_not_set() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("value: contact_tags", "value: \"{{hookbridge.tags.table}}\""));

        refusal.assertOneMistake(flow("tags-to-sql"), "table: the setting hookbridge.tags.table is not set: set"
                + " hookbridge.tags.table (in application.properties or the environment), or write"
                + " {{?hookbridge.tags.table}} to allow it empty");
    }

    @Test
    void should_refuse_a_route_file_that_is_not_yaml_naming_the_line() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("    routeId: tags-to-sql", "   routeId: tags-to-sql"));

        refusal.assertOneMistake(home.resolve("routes/flows/tags-to-sql.camel.yaml").toString(), "not valid YAML at"
                + " line 4: expected <block end>, but found '<block mapping start>' (check the indentation, and quote a"
                + " value that holds ': ' or starts with { [ * & ! | > ' \" % @)");
    }

    @Test
    void should_refuse_a_route_file_item_that_camel_does_not_know() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("- templatedRoute:", "- templatedRoutes:"));

        refusal.assertOneMistake(home.resolve("routes/flows/tags-to-sql.camel.yaml").toString(), "unknown item"
                + " 'templatedRoutes' (did you mean templatedRoute?); a route file lists: route, routeTemplate,"
                + " templatedRoute,");
    }

    @Test
    void should_refuse_a_misspelled_key_of_a_flow() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("    parameters:", "    parameter:"));

        refusal.assertOneMistake(flow("tags-to-sql"), "unknown key 'parameter' (did you mean parameters?); a"
                + " templatedRoute takes: routeTemplateRef, routeId, prefixId, parameters, beans");
    }

    @Test
    void should_refuse_a_misspelled_key_of_a_parameter() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("        value: contact_tags", "        valeu: contact_tags"));

        assertThat(refusal.mistakes()).containsExactly(
                flow("tags-to-sql") + ": parameter table: unknown key 'valeu' (did you mean value?); a parameter has a"
                        + " name and a value",
                flow("tags-to-sql") + ": parameter table has no value: add 'value: ...' (value: \"\" for empty)");
        refusal.assertShortAndTheSameInTheCheck();
    }

    @Test
    void should_refuse_a_pace_that_does_not_read() throws Exception {
        Refusal refusal = refuse("vip-to-email", VIP_TO_EMAIL.replace("email-alert", "email-digest")
                .replace("      - name: fields", "      - name: every\n        value: 1hr\n      - name: fields"), SMTP);

        refusal.assertOneMistake(flow("vip-to-email"), "every must be a duration such as 250ms, 2s or 15m, not '1hr'");
    }

    @Test
    void should_refuse_an_onward_call_to_an_address_that_is_not_http() throws Exception {
        Refusal refusal = refuse(TAGS_TO_SQL.replace("sql-insert", "http-post")
                .replace("      - name: table\n        value: contact_tags\n", "      - name: url\n"
                        + "        value: ftp://crm.example.com/tags?token=abc\n"));

        refusal.assertOneMistake(flow("tags-to-sql"), "url must start with http:// or https://, not ftp:");
        assertThat(refusal.startup()).doesNotContain("token=abc");
    }

    @Test
    void should_list_every_mistake_of_every_flow_at_once() throws Exception {
        Files.writeString(home.resolve("routes/flows/vip-to-email.camel.yaml"), VIP_TO_EMAIL);

        Refusal refusal = refuse(TAGS_TO_SQL.replace("as timestamp", "as datetme").replace("value: contact.tag.added",
                "value: contact.tag.add"));

        assertThat(refusal.startup()).startsWith("3 mistakes in the flows:");
        assertThat(refusal.mistakes()).containsExactlyInAnyOrder(
                flow("tags-to-sql") + ": unknown event type 'contact.tag.add' in types (did you mean contact.tag.added?)",
                flow("tags-to-sql") + ": columns: mapping line 3 'at    = $.created_at as datetme': unknown value type"
                        + " 'datetme' (did you mean datetime?): use text, long, decimal, cents, timestamp, date,"
                        + " datetime, upper or json",
                flow("vip-to-email") + ": it sends email, but no SMTP server is set: set hookbridge.mail.host (and"
                        + " hookbridge.mail.from)");
        assertThat(refusal.check()).contains("Hookbridge check: 3 mistakes in the flows:");
    }

    @Test
    void should_find_no_mistake_in_the_shipped_flows() {
        Check check = check(settings(Map.of()));

        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).contains("Hookbridge check: 9 flows, no mistakes")
                .contains("flow sales-to-email (" + home.resolve("routes/flows/sales-to-email.camel.yaml")
                        + "): email-alert, types customer.sale.completed");
    }

    @Test
    void should_start_with_the_shipped_and_the_test_flows_and_every_sink_configured() throws Exception {
        try (TestDatabase db = TestDatabase.embedded(); SheetsApiServer sheets = SheetsApiServer.start()) {
            Map<String, String> everySink = settings(Map.of(
                    "camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/**/*.camel.yaml,"
                            + "file:src/test/resources/routes/*.camel.yaml",
                    "hookbridge.delivery.enabled", "false",
                    "hookbridge.sheets.spreadsheet-id", "sheet-1",
                    "hookbridge.sheets.service-account-key", sheets.writeServiceAccountKey(home).toString(),
                    "hookbridge.sheets.root-url", sheets.rootUrl(),
                    "hookbridge.alerts.to", "owner@shop.example",
                    "hookbridge.forward.url", "http://127.0.0.1:9/unused",
                    "hookbridge.forward.secret", TestSecrets.FORWARD_SECRET));
            everySink.putAll(SMTP);

            List<String> everySinkFlows = List.of("events-to-http", "events-to-sheets", "events-to-sql",
                    "registrations-to-email", "sales-to-email", "sales-to-sheets", "sales-to-sql", "http-probe",
                    "mapped-http", "raw-to-sheets", "sales-digest", "slow-flow", "user-entered-sheets");

            Check check = check(everySink);
            List<String> listed = check.output().lines().filter(line -> line.startsWith("flow "))
                    .map(line -> line.substring("flow ".length(), line.indexOf(' ', "flow ".length()))).toList();
            assertThat(check.code()).as(check.output()).isZero();
            assertThat(listed).containsAll(everySinkFlows);
            assertThat(check.output()).contains("Hookbridge check: " + listed.size() + " flows, no mistakes");
            try (RunningBridge bridge = RunningBridge.start(db, everySink)) {
                assertThat(everySinkFlows).allSatisfy(flow -> assertThat(bridge.context().getRoute(flow)).as(flow)
                        .isNotNull());
            }
        }
    }

    /** This flow (tags-to-sql) added to the copy of routes/, and the start and the check refused. */
    private Refusal refuse(String yaml) throws Exception {
        return refuse("tags-to-sql", yaml, Map.of());
    }

    /** routes/flows/{name}.camel.yaml added to the copy of routes/, the start refused, and the check run. */
    private Refusal refuse(String name, String yaml, Map<String, String> settings) throws Exception {
        Files.writeString(home.resolve("routes/flows/" + name + ".camel.yaml"), yaml);
        Map<String, String> all = settings(settings);
        String startup;
        try (TestDatabase db = TestDatabase.embedded(); RunningBridge bridge = RunningBridge.start(db, all)) {
            throw new AssertionError("the bridge started with the flow " + name + ":\n" + yaml);
        } catch (IllegalStateException e) {
            // as java -jar prints it after "Hookbridge did not start: "
            startup = HookbridgeMain.reasons(e.getCause());
        }
        return new Refusal(startup, check(all));
    }

    /** The copy of routes/ (its templates too), and these settings. */
    private Map<String, String> settings(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/**/*.camel.yaml");
        all.put("hookbridge.mail.templates", home.resolve("routes/templates").toString());
        all.putAll(settings);
        return all;
    }

    /** What the check command prints, and its exit code, with application.properties and these settings over it. */
    private static Check check(Map<String, String> settings) {
        CamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setLocation("file:application.properties");
            Properties overrides = new Properties();
            overrides.putAll(settings);
            context.getPropertiesComponent().setOverrideProperties(overrides);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = CheckCommand.check(context, new Settings(context), new PrintStream(out, true, StandardCharsets.UTF_8));
            return new Check(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            context.stop();
        }
    }

    /** Where a mistake is, as the messages say it: the flow of this name in routes/flows/{name}.camel.yaml. */
    private String flow(String name) {
        return flow(name, name);
    }

    private String flow(String file, String name) {
        return home.resolve("routes/flows/" + file + ".camel.yaml") + ", flow " + name;
    }

    private static String withTemplate(String flow, String template) {
        return flow.replace("      - name: subject", "      - name: template\n        value: " + template
                + "\n      - name: subject");
    }

    private record Check(int code, String output) {
    }

    /** The message the start stopped with, and what the check command said of the same files. */
    private record Refusal(String startup, Check checked) {

        /** The mistakes, one a line, as the start lists them. */
        List<String> mistakes() {
            return startup.lines().filter(line -> line.startsWith("  - ")).map(line -> line.substring(4)).toList();
        }

        String check() {
            return checked.output();
        }

        /** One mistake, "where: fix...", in a short message that the check command repeats. */
        void assertOneMistake(String where, String fix) {
            assertThat(startup).startsWith("a mistake in the flows:");
            assertThat(mistakes()).singleElement().asString().startsWith(where + ": " + fix);
            assertShortAndTheSameInTheCheck();
        }

        /** No route dump, no trace, no FreeMarker tips; the check command exits 1 listing the same mistakes. */
        void assertShortAndTheSameInTheCheck() {
            assertThat(startup.lines()).as(startup).hasSizeLessThan(5);
            assertThat(startup).doesNotContain("Route(", "Exception:", "\tat ", "caused by", "Tip:", "\n    ");
            assertThat(checked.code()).as(checked.output()).isEqualTo(1);
            assertThat(checked.output()).contains(startup.lines().skip(1).toList());
        }
    }

}
