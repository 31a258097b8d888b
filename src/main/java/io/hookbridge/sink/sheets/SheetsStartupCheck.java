package io.hookbridge.sink.sheets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * Once every route is up, sets up each spreadsheet of the Sheets flows that are on ({@link SheetsWriter#setUp}), on a
 * thread of its own: a spreadsheet that cannot be reached, opened or written delays nothing, stops nothing, and is
 * named in one line of the log with what to fix.
 */
final class SheetsStartupCheck implements StartupListener {

    private final SheetsFlows flows;
    private final SheetsWriter writer;

    SheetsStartupCheck(SheetsFlows flows, SheetsWriter writer) {
        this.flows = flows;
        this.writer = writer;
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
        Thread check = new Thread(() -> bySpreadsheet.forEach(writer::setUp), "hookbridge-sheets-check");
        check.setDaemon(true);
        check.start();
    }
}
