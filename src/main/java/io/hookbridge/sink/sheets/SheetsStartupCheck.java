package io.hookbridge.sink.sheets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once every route is up, looks at each spreadsheet of the Sheets flows that are on, on a thread of its own: a
 * spreadsheet that cannot be reached, opened or written delays nothing, stops nothing, and is named in one line of
 * the log with what to fix. First it opens each one ({@link SheetsWriter#open}); then, once this instance holds
 * the flows' writer lease (the one instance that writes them), it sets each one up with a write
 * ({@link SheetsWriter#setUp}), which is also the check that the bridge may write. An instance that never holds
 * the lease leaves that to the one that does. The set-up write counts against the writers' calls per minute.
 */
final class SheetsStartupCheck implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(SheetsStartupCheck.class);
    private static final long LEASE_LOOK_MILLIS = 250;

    private final SheetsFlows flows;
    private final SheetsWriter writer;
    private final Predicate<String> holdsWriter;
    private final Consumer<String> writerCalling;

    /** @param writerCalling records the set-up write against a writer's calls per minute, before it is made */
    SheetsStartupCheck(SheetsFlows flows, SheetsWriter writer, Predicate<String> holdsWriter,
            Consumer<String> writerCalling) {
        this.flows = flows;
        this.writer = writer;
        this.holdsWriter = holdsWriter;
        this.writerCalling = writerCalling;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes are not all started yet
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        Map<String, List<SheetsFlow>> bySpreadsheet = new LinkedHashMap<>();
        for (SheetsFlow flow : flows.on()) {
            bySpreadsheet.computeIfAbsent(flow.spreadsheetId(), id -> new ArrayList<>()).add(flow);
        }
        if (bySpreadsheet.isEmpty()) {
            return;
        }
        Thread check = new Thread(() -> check(context, bySpreadsheet), "hookbridge-sheets-check");
        check.setDaemon(true);
        check.start();
    }

    private void check(CamelContext context, Map<String, List<SheetsFlow>> bySpreadsheet) {
        Map<String, List<SheetsFlow>> opened = new LinkedHashMap<>();
        bySpreadsheet.forEach((spreadsheetId, spreadsheetFlows) -> {
            if (writer.open(spreadsheetId, spreadsheetFlows)) {
                opened.put(spreadsheetId, spreadsheetFlows);
            }
        });
        for (Map.Entry<String, List<SheetsFlow>> entry : opened.entrySet()) {
            List<String> writers = entry.getValue().stream().map(SheetsFlow::writer)
                    .filter(name -> !name.isEmpty()).distinct().toList();
            try {
                while (!writers.stream().allMatch(holdsWriter) && context.getStatus().isStarted()) {
                    Thread.sleep(LEASE_LOOK_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!context.getStatus().isStarted()) {
                return;
            }
            LOG.debug("Setting up spreadsheet {} as the holder of writer(s) {}", entry.getKey(), writers);
            // the set-up write is a call of the Google account like the flows' batches: within the same quota
            writers.forEach(writerCalling);
            writer.setUp(entry.getKey(), entry.getValue());
        }
    }
}
