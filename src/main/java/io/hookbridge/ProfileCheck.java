package io.hookbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;

/**
 * The profile in use is the one the settings select, with its application-&lt;profile&gt;.properties
 * read. The jar sees to both (see HookbridgeMain). {@code camel run} chooses the profile with its
 * own {@code --profile} option (default {@code dev}) and reads the profile's file only for that
 * option, while camel-main lets CAMEL_MAIN_PROFILE override it: without this check the bridge
 * could run in another profile than the one selected, or in the selected one without its settings.
 */
final class ProfileCheck {

    private ProfileCheck() {
    }

    /** Stops the startup, saying how to select the profile under camel run, when either is not so. */
    static void check(CamelContext context, String selected) {
        String active = context.getCamelContextExtension().getProfile();
        active = active == null || active.isBlank() ? null : active;
        if (selected != null && !selected.equals(active)) {
            throw new IllegalStateException("profile '" + selected + "' is selected (camel.main.profile) but the profile"
                    + " in use is " + (active == null ? "none" : "'" + active + "'") + "; under camel run, select it"
                    + " with --profile=" + selected);
        }
        if (active == null) {
            return;
        }
        String file = HookbridgeMain.profileFile(active);
        boolean read = context.getPropertiesComponent().getLocations().stream()
                .map(location -> location.split(";", 2)[0])
                .anyMatch(location -> location.endsWith("/" + file) || location.endsWith(":" + file));
        if (!read && Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("profile '" + active + "' is in use but " + file + " was not read;"
                    + " under camel run, select the profile with --profile=" + active);
        }
    }
}
