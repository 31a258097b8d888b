package io.hookbridge;

import io.hookbridge.flow.FlowDeclaration;
import io.hookbridge.flow.FlowFiles;
import io.hookbridge.flow.SampleEvents;
import io.hookbridge.payload.PayloadParser;
import io.hookbridge.payload.StoredPayloads;
import java.io.PrintStream;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code java -jar hookbridge.jar check} (or, under the Camel CLI, {@code camel run
 * application.properties --prop hookbridge.check=true}): checks the flows of routes/ with the
 * settings of application.properties (and the profile's, -D options and the environment), as
 * the startup does, without starting anything, so a change can be checked before a restart.
 * Exit code 0 when there is no mistake, 1 otherwise.
 */
public final class CheckCommand {

    /** The setting that turns a start into a check (for camel run, which runs no main of ours). */
    static final String SETTING = "hookbridge.check";

    private CheckCommand() {
    }

    /** Checks the flows with the settings of the working directory; the exit code. */
    static int run(String profile, PrintStream out) {
        // only for the settings and the languages; never started, so not stopped (no shutdown lines)
        CamelContext context = new DefaultCamelContext();
        try {
            String locations = "file:application.properties";
            if (profile != null) {
                locations = "file:" + HookbridgeMain.profileFile(profile) + "," + locations;
            }
            context.getPropertiesComponent().setLocation(locations);
            return check(context, new Settings(context), out);
        } catch (RuntimeException e) {
            out.println("Hookbridge check: " + HookbridgeMain.reasons(e));
            return 1;
        }
    }

    /** Checks the flows of the route files these settings name, prints what it found; the exit code. */
    static int check(CamelContext context, Settings settings, PrintStream out) {
        PayloadParser parser = new PayloadParser();
        FlowFiles files = FlowVerification.files(settings);
        return report(FlowVerification.mistakes(context, settings, settings.zone(),
                SampleEvents.load(parser), new StoredPayloads(parser), files), files, out);
    }

    /** Ends the process with the check's exit code (under camel run, from inside the Camel start). */
    static void exit(int code) {
        System.out.flush();
        System.exit(code);
    }

    /** Prints the flows and the mistakes found; 0 when there is none, else 1. */
    static int report(List<String> mistakes, FlowFiles files, PrintStream out) {
        for (FlowDeclaration flow : files.flows()) {
            String when = flow.parameters().getOrDefault(FlowDeclaration.WHEN, "").strip();
            out.println("flow " + flow.name() + " (" + flow.file() + "): " + flow.template() + ", types "
                    + flow.parameters().getOrDefault(FlowDeclaration.TYPES, "(none)").strip()
                    + (when.isEmpty() ? "" : ", when " + when));
        }
        if (mistakes.isEmpty()) {
            out.println("Hookbridge check: " + files.flows().size() + " flows, no mistakes");
            return 0;
        }
        out.println("Hookbridge check: " + (mistakes.size() == 1 ? "a mistake" : mistakes.size() + " mistakes")
                + " in the flows:");
        mistakes.forEach(mistake -> out.println("  - " + mistake));
        return 1;
    }
}
