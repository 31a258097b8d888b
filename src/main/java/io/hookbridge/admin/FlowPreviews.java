package io.hookbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbridge.delivery.FlowCatalog;
import io.hookbridge.flow.FlowCondition;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.FlowParameters;
import io.hookbridge.flow.FlowRouter;
import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.journal.EventIds;
import io.hookbridge.journal.JournalEvent;
import io.hookbridge.journal.PayloadReader;
import io.hookbridge.payload.AutomationRulePayloads;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.sink.Sinks;
import io.hookbridge.sink.http.HttpPostSink;
import io.hookbridge.sink.mail.EmailAlertSink;
import io.hookbridge.sink.sheets.SheetsPreview;
import io.hookbridge.sink.sql.SqlInsertSink;
import io.hookbridge.web.RequestRejectedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * The preview of a flow for one event (POST /admin/api/flows/{flow}/preview): whether the flow
 * takes the event's type, whether its condition holds, and exactly what its sink would write for
 * it (the row's values, the sheet's cells, the mail, the HTTP call), computed by the sink's own
 * code from the flow's parameters as the running bridge resolved them. Nothing is journaled,
 * written or sent: the event lives in memory only, and the sinks' send steps never run.
 */
public final class FlowPreviews {

    /** Stands for the flow's condition when it has none. */
    static final String NO_CONDITION = "no condition";
    static final String CONDITION_HOLDS = "condition holds";
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final CamelContext context;
    private final FlowCatalog catalog;
    private final Map<String, FlowFiles.Template> templates;
    private final PayloadParser parser;
    private final PayloadReader payloads;
    private final int maxBodyBytes;
    private final EventIds ids;
    private final Clock clock;
    private final Sinks sinks;

    public FlowPreviews(CamelContext context, FlowCatalog catalog, Map<String, FlowFiles.Template> templates,
            PayloadParser parser, PayloadReader payloads, int maxBodyBytes, Clock clock, Sinks sinks) {
        this.context = context;
        this.catalog = catalog;
        this.templates = Map.copyOf(templates);
        this.parser = parser;
        this.payloads = payloads;
        this.maxBodyBytes = maxBodyBytes;
        this.ids = new EventIds(clock);
        this.clock = clock;
        this.sinks = sinks;
    }

    /**
     * The preview of this flow for this body (a sample, possibly edited): an unknown flow is a
     * 404, a body the webhook endpoint would refuse is refused alike (400, 413).
     */
    public ObjectNode preview(String flow, byte[] body) {
        if (!catalog.isDeclared(flow)) {
            throw new RequestRejectedException(404, "unknown_flow", "no flow by that name: GET /admin/api/flows lists them");
        }
        IngressGuard.checkSize(body, maxBodyBytes);
        String type = AutomationRulePayloads.typeOf(IngressGuard.parseObject(parser, body));
        Instant receivedAt = clock.instant();
        JournalEvent event = new JournalEvent(ids.next(), ConsoleSampleIngress.SOURCE, type, receivedAt, body.clone(),
                raw -> payloads.read(ConsoleSampleIngress.SOURCE, type, receivedAt, raw),
                payloads.isRawShape(ConsoleSampleIngress.SOURCE));

        String template = catalog.template(flow);
        boolean takesType = catalog.types(flow).contains(type);
        ObjectNode answer = JSON.objectNode().put("flow", flow).put("template", template).put("type", type)
                .put("on", catalog.isOn(flow)).put("takes_type", takesType);
        ObjectNode condition = answer.putObject("condition");
        String skipReason = skipReason(catalog.condition(flow), event);
        condition.put("holds", skipReason == null);
        condition.put("reason", skipReason != null ? skipReason
                : catalog.condition(flow) == null ? NO_CONDITION : CONDITION_HOLDS);
        answer.put("would_deliver", catalog.isOn(flow) && takesType && skipReason == null);
        answer.put("event_id", event.id()).put("received_at", receivedAt.toString());
        try {
            answer.set("writes", writes(flow, template, parameters(flow, template), event));
        } catch (RuntimeException e) {
            answer.putNull("writes");
            answer.put("error", message(e));
        }
        return answer;
    }

    private static String skipReason(FlowCondition condition, JournalEvent event) {
        try {
            return FlowRouter.skipReason(condition, condition == null ? null : event.payload());
        } catch (RuntimeException e) {
            return "skipped: condition failed: " + message(e);
        }
    }

    /** The flow's parameters as its route has them: the template's defaults, the flow's values, settings filled in. */
    private Map<String, String> parameters(String flow, String template) {
        FlowFiles.Template declared = template == null ? null : templates.get(template);
        Map<String, String> raw = declared == null ? catalog.parameters(flow) : declared.withDefaults(catalog.parameters(flow));
        return FlowParameters.resolve(context, raw, (name, e) -> {
            throw e;
        });
    }

    /** What the sink of this template writes for the event; null for a template that has no preview. */
    private ObjectNode writes(String flow, String template, Map<String, String> parameters, JournalEvent event) {
        if (template == null) {
            return null;
        }
        ObjectNode writes = JSON.objectNode().put("sink", template);
        switch (template) {
            case "sql-insert" -> {
                SqlInsertSink.Row row = sinks.sql().row(event, parameter(parameters, "dataSource"),
                        parameter(parameters, "table"), parameter(parameters, "key"), parameter(parameters, "columns"));
                writes.put("table", row.table());
                row.key().forEach(writes.putArray("key")::add);
                ObjectNode values = writes.putObject("values");
                row.values().forEach((column, value) -> values.set(column, value(value)));
                writes.put("statement", row.statement());
            }
            case "google-sheets", "google-sheets-append" -> {
                SheetsPreview.Cells cells = sinks.sheets().of(flow, parameters, event);
                writes.put("spreadsheet_id", cells.spreadsheetId());
                writes.put("tab", cells.tab());
                writes.put("mode", cells.mode());
                if (cells.key() != null && !cells.key().isEmpty()) {
                    writes.put("key", cells.key());
                }
                writes.put("columns_by", cells.byHeader() ? "header" : "position");
                ObjectNode row = writes.putObject("cells");
                cells.cells().forEach((column, cell) -> row.set(column, value(cell)));
            }
            case "email-alert", "email-digest" -> {
                if (sinks.mail() == null) {
                    throw new IllegalStateException(sinks.mailProblem());
                }
                EmailAlertSink.Mail mail = sinks.mail().write(List.of(event), parameter(parameters, "template"),
                        parameter(parameters, "subject"), parameter(parameters, "fields"));
                writes.put("to", parameter(parameters, "to"));
                writes.put("subject", mail.subject());
                writes.put("text", mail.text());
                if (mail.html() != null) {
                    writes.put("html", mail.html());
                }
            }
            case "http-post" -> {
                HttpPostSink.Call call = sinks.http().call(event, parameter(parameters, "url"),
                        parameter(parameters, "columns"));
                writes.put("url", call.url());
                writes.put("content_type", call.contentType());
                writes.put("body", new String(call.body(), StandardCharsets.UTF_8));
                writes.put("signed", !parameter(parameters, "secret").isBlank());
            }
            default -> {
                return null;
            }
        }
        return writes;
    }

    private static String parameter(Map<String, String> parameters, String name) {
        return parameters.getOrDefault(name, "");
    }

    /** A written value as JSON: numbers and booleans as such, a missing value as null, anything else as its text. */
    private static JsonNode value(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Long number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Integer number) {
            return JSON.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return JSON.booleanNode(flag);
        }
        return JSON.textNode(value.toString());
    }

    private static String message(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
