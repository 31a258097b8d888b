package io.hookbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbridge.Texts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a mapped JSON value is turned into a column or cell value. */
public enum ValueType {
    /** Scalars as their text; objects and arrays as compact JSON. */
    TEXT {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            return node.isValueNode() ? node.asText() : node.toString();
        }
    },
    /** A whole number; a number-like string is accepted. */
    LONG {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
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
    /**
     * An exact decimal number; a number-like string is accepted. At most {@value #MAX_DECIMAL_DIGITS}
     * digits before and after the point: a value such as 1e-100000000 is a few bytes of JSON but
     * would take minutes to scale or print.
     */
    DECIMAL {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            BigDecimal value;
            if (node.isNumber()) {
                value = node.decimalValue();
            } else {
                try {
                    value = new BigDecimal(node.asText().trim());
                } catch (NumberFormatException e) {
                    throw new MappingException("'" + node.asText() + "' is not a number");
                }
            }
            if (value.scale() > MAX_DECIMAL_DIGITS || value.precision() - value.scale() > MAX_DECIMAL_DIGITS) {
                throw new MappingException("'" + node.asText() + "' has more than " + MAX_DECIMAL_DIGITS
                        + " digits before or after the point");
            }
            return value;
        }
    },
    /** An amount in hundredths (systeme.io's 583) as currency units with two decimals (5.83). */
    CENTS {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            BigDecimal hundredths = (BigDecimal) DECIMAL.convert(node, zone);
            try {
                return hundredths.movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
            } catch (ArithmeticException e) {
                throw new MappingException("'" + node.asText() + "' is out of range for an amount");
            }
        }
    },
    /** An ISO-8601 date-time with offset, as systeme.io sends it, normalised to UTC. */
    TIMESTAMP {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            OffsetDateTime parsed;
            try {
                parsed = OffsetDateTime.parse(node.asText().trim());
            } catch (DateTimeParseException e) {
                throw new MappingException("'" + node.asText() + "' is not an ISO-8601 date-time with offset");
            }
            try {
                return parsed.withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new MappingException("'" + node.asText() + "' is out of the range of dates in UTC");
            }
        }
    },
    /** The calendar day of a date-time in the mapping's time zone (a {@code LocalDate}). */
    DATE {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            return inZone(node, zone).toLocalDate();
        }
    },
    /** The wall-clock time of a date-time in the mapping's time zone, to the second (a {@code LocalDateTime}). */
    DATETIME {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            return inZone(node, zone).toLocalDateTime().withNano(0);
        }
    },
    /** Text in upper case (a currency code: eur becomes EUR). */
    UPPER {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            return ((String) TEXT.convert(node, zone)).toUpperCase(Locale.ROOT);
        }
    },
    /** The value as JSON text, whatever its kind. */
    JSON {
        @Override
        Object convert(JsonNode node, ZoneId zone) {
            return node.toString();
        }
    };

    /** Most digits a decimal (or an amount) may have before, and after, its point. */
    static final int MAX_DECIMAL_DIGITS = 40;

    /** Converts a present (non-null) JSON value; {@code zone} is where dates and wall-clock times are taken. */
    abstract Object convert(JsonNode node, ZoneId zone);

    /** The date-time at the same instant in {@code zone}, which near the ends of the supported years may lie past them. */
    private static ZonedDateTime inZone(JsonNode node, ZoneId zone) {
        OffsetDateTime utc = (OffsetDateTime) TIMESTAMP.convert(node, zone);
        try {
            return utc.atZoneSameInstant(zone);
        } catch (DateTimeException e) {
            throw new MappingException("'" + node.asText() + "' is out of the range of dates in " + zone);
        }
    }

    static ValueType named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> types = Arrays.stream(values()).map(type -> type.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException("unknown value type '" + name.trim() + "'"
                    + Texts.didYouMean(name.trim(), types) + ": use " + String.join(", ", types.subList(0,
                    types.size() - 1)) + " or " + types.get(types.size() - 1));
        }
    }
}
