package io.hookbridge.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} through {@link LogRedaction}. */
public final class RedactedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogRedaction.message(super.convert(event));
    }
}
