package io.hookbridge.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Stack traces (their messages carry request data too) through {@link LogRedaction}. */
public final class RedactedThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogRedaction.error(super.convert(event));
    }
}
