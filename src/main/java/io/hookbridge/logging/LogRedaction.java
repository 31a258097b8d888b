package io.hookbridge.logging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every log line goes through before it is written (see the converters in logback.xml):
 * the configured secrets are replaced with {@code ***} and, while
 * {@code hookbridge.log.mask-personal-data} is on, contact emails and IP addresses are masked.
 * Error texts (exceptions, a delivery's last error) also lose the path and query of URLs: an
 * onward address can carry a secret, and a failing call names it.
 */
public final class LogRedaction {

    private static final int SHORTEST_SECRET = 6;
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}(?![\\d.])");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){4,7}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4})*::[0-9A-Fa-f:]*)(?![0-9A-Za-z:])");
    private static final String SERVICE_ACCOUNTS = ".gserviceaccount.com";
    private static final Pattern URL_PATH = Pattern.compile("\\b(https?://[^/\\s?#\"'<>]+)[/?#][^\\s\"'<>]*");

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static volatile boolean maskPersonalData = true;

    private LogRedaction() {
    }

    /** Secrets to keep out of every log line from now on (empty and very short values are ignored). */
    public static void addSecrets(List<String> secrets) {
        for (String secret : secrets) {
            if (secret != null && secret.trim().length() >= SHORTEST_SECRET) {
                SECRETS.add(secret.trim());
            }
        }
    }

    public static void maskPersonalData(boolean on) {
        maskPersonalData = on;
    }

    /** A log message as it may be written. */
    public static String message(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = secretsRemoved(text);
        return maskPersonalData ? masked(redacted) : redacted;
    }

    /** An error text (a stack trace) as it may be written. */
    public static String error(String text) {
        return message(errorText(text));
    }

    /** An error text as it may be stored or shown: without the configured secrets, URLs cut to their origin. */
    public static String errorText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return URL_PATH.matcher(secretsRemoved(text)).replaceAll("$1/***");
    }

    private static String secretsRemoved(String text) {
        String redacted = text;
        for (String secret : SECRETS) {
            if (redacted.contains(secret)) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }

    /**
     * Contact emails as {@code j***@example.com}, IP addresses without their host part (loopback kept). A Google
     * service account's address ({@code ...@<project>.iam.gserviceaccount.com}) is no person's and stays whole: the
     * operator shares spreadsheets with it and reads it from the log.
     */
    static String masked(String text) {
        String result = text.indexOf('@') >= 0 ? replace(EMAIL, text, m -> m.group(2).endsWith(SERVICE_ACCOUNTS)
                ? m.group() : m.group(1) + "***@" + m.group(2)) : text;
        result = replace(IPV4, result, m -> m.group().startsWith("127.") || m.group().equals("0.0.0.0")
                ? m.group() : m.group(1) + "." + m.group(2) + ".x.x");
        return result.indexOf(':') >= 0 ? replace(IPV6, result, LogRedaction::maskedIpv6) : result;
    }

    private static String maskedIpv6(Matcher m) {
        String address = m.group();
        if (address.equals("::1") || address.equals("::") || address.chars().filter(c -> c == ':').count() < 2) {
            return address;
        }
        String[] groups = address.split(":", -1);
        return groups.length >= 2 ? groups[0] + ":" + groups[1] + ":x:x" : address;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
