package io.hookbridge.sink.sheets;

import io.hookbridge.delivery.FlowDispatcher;
import io.hookbridge.journal.JournalEvent;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The bean of the Google Sheets sink templates (routes/sinks/google-sheets.camel.yaml and
 * google-sheets-append.camel.yaml): writes the batch of events the delivery worker hands the flow, as the flow's
 * parameters say ({@link SheetsFlow}), and tells the worker how many write calls that took.
 *
 * <p>Reads the exchange property {@code sheetsFlow}, the flow's name, which the template sets.
 */
public final class SheetsSink {

    private final SheetsFlows flows;
    private final SheetsWriter writer;

    SheetsSink(SheetsFlows flows, SheetsWriter writer) {
        this.flows = flows;
        this.writer = writer;
    }

    public void write(Exchange exchange) throws Exception {
        SheetsFlow flow = flows.get(exchange.getProperty("sheetsFlow", String.class));
        List<?> batch = exchange.getMessage().getMandatoryBody(List.class);
        List<JournalEvent> events = batch.stream().map(event -> (JournalEvent) event).toList();
        exchange.setProperty(FlowDispatcher.CALLS_PROPERTY, writer.write(flow, events));
    }
}
