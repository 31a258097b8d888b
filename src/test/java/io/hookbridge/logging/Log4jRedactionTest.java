package io.hookbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.testing.TestSecrets;
import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The redaction where log4j2 writes the log, as under camel run: a log4j2 context of the test's
 * own (the suite itself logs through logback) shaped like the Camel CLI's, a console appender on
 * the root logger and a file appender on a named one.
 */
class Log4jRedactionTest {

    private final StringWriter console = new StringWriter();
    private final StringWriter file = new StringWriter();
    private final LoggerContext context = new LoggerContext("log4j-redaction-test");

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void should_write_messages_and_stack_traces_through_the_redaction_in_every_appender() {
        Configuration config = new DefaultConfiguration();
        context.start(config);
        LoggerConfig root = config.getRootLogger();
        root.getAppenders().keySet().forEach(root::removeAppender);
        root.setLevel(Level.INFO);
        root.addAppender(appender(config, "out", console), null, null);
        LoggerConfig bridge = new LoggerConfig("io.hookbridge", Level.INFO, true);
        bridge.addAppender(appender(config, "file", file), null, null);
        config.addLogger("io.hookbridge", bridge);
        context.updateLoggers();
        LogRedaction.maskPersonalData(true);
        LogRedaction.addSecrets(List.of(TestSecrets.ADMIN_TOKEN));

        Log4jRedaction.install(context);
        Log4jRedaction.install(context);
        Logger logger = context.getLogger("io.hookbridge.delivery");
        logger.info("token {} for {}", TestSecrets.ADMIN_TOKEN, "jane.doe@example.com");
        logger.warn("Delivery failed", new IllegalStateException(
                "POST https://hooks.example.com/catch/capability-path refused for jane.doe@example.com"));

        for (String log : List.of(console.toString(), file.toString())) {
            assertThat(log).containsOnlyOnce("INFO token *** for j***@example.com")
                    .containsOnlyOnce("WARN Delivery failed" + System.lineSeparator() + "java.lang.IllegalStateException:"
                            + " POST https://hooks.example.com/*** refused for j***@example.com")
                    .contains("at io.hookbridge.logging.Log4jRedactionTest.")
                    .doesNotContain(TestSecrets.ADMIN_TOKEN).doesNotContain("jane.doe")
                    .doesNotContain("capability-path");
        }
    }

    private static Appender appender(Configuration config, String name, StringWriter target) {
        Appender appender = WriterAppender.newBuilder().setName(name).setTarget(target)
                .setLayout(PatternLayout.newBuilder().withConfiguration(config).withPattern("%p %m%n").build()).build();
        appender.start();
        config.addAppender(appender);
        return appender;
    }
}
