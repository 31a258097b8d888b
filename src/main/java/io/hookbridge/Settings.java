package io.hookbridge;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Reads the bridge's settings (application.properties, -D, environment) and names the setting in every error. */
final class Settings {

    private final PropertiesComponent properties;

    Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    String text(String key, String defaultValue) {
        return properties.resolveProperty(key).map(String::trim).orElse(defaultValue);
    }

    int integer(String key, int defaultValue) {
        String value = text(key, null);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }

    java.time.Duration duration(String key, String defaultValue) {
        String value = text(key, "");
        return Durations.parse(value.isEmpty() ? defaultValue : value, key);
    }

    double decimal(String key, double defaultValue) {
        String value = text(key, null);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    boolean flag(String key, boolean defaultValue) {
        String value = text(key, null);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
