package io.hookbridge.sink.sheets;

import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.NumberFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Mapped values as Google Sheets cells.
 *
 * <p>As cells of a spreadsheets.batchUpdate ({@link #cellData}), the way every flow writes by default: text is a
 * string value, which Sheets never reads as a formula (a contact named {@code =HYPERLINK(...)} stays text); numbers
 * and amounts are numbers; booleans are booleans; a date or time is a Sheets date (the serial number of the day,
 * shown as {@code yyyy-mm-dd hh:mm:ss} or {@code yyyy-mm-dd}) in the flow's time zone; a missing value is an empty
 * cell.
 *
 * <p>As values typed by a person ({@link #typed}, valueInputOption {@code USER_ENTERED}): dates become text such as
 * {@code 2021-09-10 14:23:33}, which Sheets reads as a date; text starting with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return is prefixed with an apostrophe, which Sheets shows as plain text; so is
 * text that starts with an apostrophe, which Sheets would otherwise hide.
 */
final class CellValues {

    static final String DATE_TIME_PATTERN = "yyyy-mm-dd hh:mm:ss";
    static final String DATE_PATTERN = "yyyy-mm-dd";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Day 0 of Sheets' date serial numbers. */
    private static final LocalDate SERIAL_ZERO = LocalDate.of(1899, 12, 30);
    private static final BigDecimal SECONDS_A_DAY = BigDecimal.valueOf(86_400);

    private CellValues() {
    }

    /** The cell of a mapped value; {@code zone} is where an instant ({@code as timestamp}) is shown. */
    static CellData cellData(Object value, ZoneId zone) {
        CellData cell = new CellData();
        if (value == null) {
            return cell;
        }
        if (value instanceof OffsetDateTime instant) {
            return cellData(instant.atZoneSameInstant(zone).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS), zone);
        }
        ExtendedValue entered = new ExtendedValue();
        if (value instanceof LocalDateTime time) {
            entered.setNumberValue(serial(time));
            cell.setUserEnteredFormat(format("DATE_TIME", DATE_TIME_PATTERN));
        } else if (value instanceof LocalDate day) {
            entered.setNumberValue((double) ChronoUnit.DAYS.between(SERIAL_ZERO, day));
            cell.setUserEnteredFormat(format("DATE", DATE_PATTERN));
        } else if (value instanceof Number number) {
            entered.setNumberValue(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            entered.setBoolValue(flag);
        } else {
            entered.setStringValue(value.toString());
        }
        return cell.setUserEnteredValue(entered);
    }

    /** Whether the value becomes a date cell (its write also sets the cell's number format). */
    static boolean isDate(Object value) {
        return value instanceof LocalDateTime || value instanceof LocalDate || value instanceof OffsetDateTime;
    }

    /** A Sheets date-time serial number: days since 1899-12-30 and the fraction of the day. */
    static double serial(LocalDateTime time) {
        long days = ChronoUnit.DAYS.between(SERIAL_ZERO, time.toLocalDate());
        BigDecimal fraction = BigDecimal.valueOf(time.toLocalTime().toSecondOfDay())
                .divide(SECONDS_A_DAY, 12, RoundingMode.HALF_EVEN);
        return BigDecimal.valueOf(days).add(fraction).doubleValue();
    }

    /** The value as a person would type it into a cell (valueInputOption USER_ENTERED). */
    static Object typed(Object value, ZoneId zone) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof OffsetDateTime instant) {
            return DATE_TIME.format(instant.atZoneSameInstant(zone).toLocalDateTime());
        }
        if (value instanceof LocalDateTime time) {
            return DATE_TIME.format(time);
        }
        if (value instanceof LocalDate) {
            return value.toString();
        }
        String text = value.toString();
        return startsLikeAFormula(text) ? "'" + text : text;
    }

    private static CellFormat format(String type, String pattern) {
        return new CellFormat().setNumberFormat(new NumberFormat().setType(type).setPattern(pattern));
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
