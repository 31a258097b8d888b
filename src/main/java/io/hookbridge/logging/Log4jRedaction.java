package io.hookbridge.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.slf4j.LoggerFactory;

/**
 * {@link LogRedaction} where log4j2 writes the log, as under {@code camel run}: the Camel CLI
 * brings its own log4j2 configuration, so the converters of logback.xml are not in use. Each
 * appender of that configuration gets a rewrite in front of it that writes the message, and the
 * stack trace after it, as LogRedaction gives them. Only loaded when log4j2 is in use.
 */
final class Log4jRedaction {

    /** Name prefix of the rewrite appenders, which also tells that an appender is already covered. */
    static final String PREFIX = "redacted-";

    private Log4jRedaction() {
    }

    /** Covers the logging of the bridge's classes and of the CLI's (one context, or one per class loader). */
    static void install() {
        Set<LoggerContext> contexts = Collections.newSetFromMap(new IdentityHashMap<>());
        contexts.add((LoggerContext) LogManager.getContext(false));
        contexts.add((LoggerContext) LogManager.getContext(LoggerFactory.class.getClassLoader(), false));
        contexts.forEach(Log4jRedaction::install);
    }

    /** Puts a rewrite in front of every appender of every logger of the context; once is enough. */
    static void install(LoggerContext context) {
        Configuration config = context.getConfiguration();
        RewritePolicy policy = Log4jRedaction::redacted;
        Map<String, Appender> rewrites = new HashMap<>();
        Set<LoggerConfig> loggers = Collections.newSetFromMap(new IdentityHashMap<>());
        loggers.addAll(config.getLoggers().values());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers) {
            for (String name : new ArrayList<>(logger.getAppenders().keySet())) {
                if (name.startsWith(PREFIX)) {
                    continue;
                }
                AppenderRef ref = logger.getAppenderRefs().stream().filter(r -> r.getRef().equals(name)).findFirst()
                        .orElse(AppenderRef.createAppenderRef(name, null, null));
                Appender rewrite = rewrites.computeIfAbsent(name, target -> rewrite(config, target, policy));
                logger.removeAppender(name);
                logger.addAppender(rewrite, ref.getLevel(), ref.getFilter());
            }
        }
        context.updateLoggers();
    }

    private static Appender rewrite(Configuration config, String target, RewritePolicy policy) {
        Appender existing = config.getAppender(PREFIX + target);
        if (existing != null) {
            return existing;
        }
        RewriteAppender rewrite = RewriteAppender.createAppender(PREFIX + target, "true",
                new AppenderRef[] {AppenderRef.createAppenderRef(target, null, null)}, config, policy, null);
        rewrite.start();
        config.addAppender(rewrite);
        return rewrite;
    }

    /** The event with its message, and its stack trace written out after it, through LogRedaction. */
    static LogEvent redacted(LogEvent event) {
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        String redacted = LogRedaction.message(message);
        if (thrown == null && redacted.equals(message)) {
            return event;
        }
        if (thrown != null) {
            redacted = redacted + System.lineSeparator() + LogRedaction.error(stackTrace(thrown)).stripTrailing();
        }
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(redacted)).setThrown(null)
                .setThrownProxy(null).build();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
