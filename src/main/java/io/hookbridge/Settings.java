package io.hookbridge;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Reads the bridge's settings (application.properties, -D, environment) and names the setting in every error. */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String text(String key, String defaultValue) {
        return properties.resolveProperty(key).map(String::trim).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return parsed(key, defaultValue, Integer::parseInt, "a whole number");
    }

    public java.time.Duration duration(String key, String defaultValue) {
        String value = text(key, "");
        return Durations.parse(value.isEmpty() ? defaultValue : value, key);
    }

    public double decimal(String key, double defaultValue) {
        return parsed(key, defaultValue, Double::parseDouble, "a number");
    }

    public boolean flag(String key, boolean defaultValue) {
        return parsed(key, defaultValue, value -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException();
            }
            return Boolean.parseBoolean(value);
        }, "true or false");
    }

    /** Where the dates and times of sheet rows and emails are taken (hookbridge.time-zone, default UTC). */
    public ZoneId zone() {
        String zone = text("hookbridge.time-zone", "UTC");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("hookbridge.time-zone must be a time zone such as UTC or Europe/Paris, not '"
                    + zone + "'");
        }
    }

    /** The setting parsed, or the default when it is unset or empty; a value that does not parse names the setting. */
    private <T> T parsed(String key, T defaultValue, java.util.function.Function<String, T> parse, String expected) {
        String value = text(key, "");
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be " + expected + ", not '" + value + "'");
        }
    }
}
