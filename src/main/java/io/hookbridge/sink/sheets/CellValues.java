package io.hookbridge.sink.sheets;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Mapped values as Google Sheets cells: numbers stay numbers, dates become text such as
 * {@code 2021-09-10 14:23:33}, a missing value is an empty cell.
 *
 * <p>With {@code USER_ENTERED} Sheets interprets text as if typed: a contact named
 * {@code =HYPERLINK(...)} or {@code +SUM(1,2)} would become a formula. Text starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is then prefixed with
 * an apostrophe, which Sheets shows as plain text; so is text that starts with an apostrophe,
 * which Sheets would otherwise hide. {@code RAW} (the default) needs no escaping.
 */
final class CellValues {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CellValues() {
    }

    static Object cell(Object value, boolean userEntered) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof LocalDateTime time) {
            return DATE_TIME.format(time);
        }
        if (value instanceof LocalDate || value instanceof OffsetDateTime) {
            return value.toString();
        }
        String text = value.toString();
        return userEntered && startsLikeAFormula(text) ? "'" + text : text;
    }

    private static boolean startsLikeAFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\'';
    }
}
