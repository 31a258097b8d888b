package io.hookbridge.logging;

import io.hookbridge.Settings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Tells {@link LogRedaction} the configured secrets and whether personal data is masked. */
public final class LogSetup {

    /** Every setting that holds a secret. */
    static final List<String> SECRET_SETTINGS = List.of("hookbridge.ingress.token", "hookbridge.ingress.signing-secret",
            "hookbridge.admin.token", "hookbridge.db.password", "hookbridge.sql.password", "hookbridge.mail.password",
            "hookbridge.forward.secret", "hookbridge.sheets.client-secret", "hookbridge.sheets.refresh-token",
            // a chat tool's incoming-webhook address is its secret
            "hookbridge.operator.webhook-url");

    private LogSetup() {
    }

    public static void configure(Settings settings) {
        LogRedaction.maskPersonalData(settings.flag("hookbridge.log.mask-personal-data", true));
        List<String> secrets = new ArrayList<>();
        for (String key : SECRET_SETTINGS) {
            String value = settings.text(key, "");
            secrets.add(value);
            if (value.startsWith("whsec_")) {
                secrets.add(value.substring("whsec_".length()));
            }
        }
        LogRedaction.addSecrets(secrets);
        if (log4jInUse()) {
            Log4jRedaction.install();
        }
    }

    /** Whether log4j2 writes the log (under camel run) rather than logback with logback.xml (java -jar). */
    static boolean log4jInUse() {
        return LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.apache.logging.slf4j.");
    }
}
