package io.hookbridge.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/** Keeps the test console readable: warnings and errors, and the bridge's own INFO lines. */
public final class ConsoleLogFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        boolean shown = event.getLevel().isGreaterOrEqual(Level.WARN)
                || event.getLoggerName().startsWith("io.hookbridge") && event.getLevel().isGreaterOrEqual(Level.INFO);
        return shown ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
