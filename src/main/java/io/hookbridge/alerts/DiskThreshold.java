package io.hookbridge.alerts;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hookbridge.operator.disk-free-min: the free space below which the journal's disk is low, as
 * a size ({@code 1GB}, {@code 500MB}) or a share of the disk ({@code 5%}); {@code 0} turns the
 * check off. The disk counts as having room again only 10% above the line, so a disk that hovers
 * around it does not send a mail each time it crosses.
 */
record DiskThreshold(String text, long bytes, double percent) {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|%)?");
    private static final double HYSTERESIS = 1.1;

    static DiskThreshold parse(String text, String setting) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting + ": '" + text.trim() + "' is neither a size nor a share of the"
                    + " disk; write for example 1GB, 500MB or 5% (0 turns the check off)");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        if (unit.equals("%")) {
            if (amount >= 100) {
                throw new IllegalArgumentException(setting + ": a share of the disk below 100%, not '" + text.trim() + "'");
            }
            return new DiskThreshold(text.trim(), 0, amount);
        }
        long factor = switch (unit) {
            case "kb" -> 1L << 10;
            case "mb" -> 1L << 20;
            case "gb" -> 1L << 30;
            case "tb" -> 1L << 40;
            default -> 1;
        };
        return new DiskThreshold(text.trim(), (long) (amount * factor), 0);
    }

    boolean off() {
        return bytes == 0 && percent == 0;
    }

    /** The least free space that is not low, on a disk of this size. */
    long minimum(long totalBytes) {
        return percent > 0 ? (long) (totalBytes * percent / 100) : bytes;
    }

    boolean low(long freeBytes, long totalBytes) {
        return !off() && freeBytes < minimum(totalBytes);
    }

    boolean recovered(long freeBytes, long totalBytes) {
        return freeBytes >= minimum(totalBytes) * HYSTERESIS;
    }
}
