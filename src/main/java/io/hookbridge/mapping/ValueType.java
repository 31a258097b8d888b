package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How a mapped JSON value is turned into a column or cell value. */
public enum ValueType {
    /** Scalars as their text; objects and arrays as compact JSON. */
    TEXT {
        @Override
        Object convert(JsonNode node) {
            return node.isValueNode() ? node.asText() : node.toString();
        }
    },
    /** A whole number; a number-like string is accepted. */
    LONG {
        @Override
        Object convert(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MappingException("'" + node.asText() + "' is not a whole number");
            }
        }
    },
    /** An exact decimal number; a number-like string is accepted. */
    DECIMAL {
        @Override
        Object convert(JsonNode node) {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MappingException("'" + node.asText() + "' is not a number");
            }
        }
    },
    /** An ISO-8601 date-time with offset, as systeme.io sends it, normalised to UTC. */
    TIMESTAMP {
        @Override
        Object convert(JsonNode node) {
            try {
                return OffsetDateTime.parse(node.asText().trim()).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new MappingException("'" + node.asText() + "' is not an ISO-8601 date-time with offset");
            }
        }
    },
    /** The value as JSON text, whatever its kind. */
    JSON {
        @Override
        Object convert(JsonNode node) {
            return node.toString();
        }
    };

    abstract Object convert(JsonNode node);

    static ValueType named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown value type '" + name.trim() + "': use text, long, decimal, timestamp or json");
        }
    }
}
