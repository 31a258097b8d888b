package io.hookbridge.delivery;

import io.hookbridge.logging.LogRedaction;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import io.hookbridge.mapping.MappingException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.AddressException;
import io.hookbridge.db.SqlFailures;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Decides whether a failed delivery is worth another attempt. Timeouts, lost connections,
 * HTTP 408, 429 and 5xx (from camel-http and from the Google Sheets API), SMTP 4xx,
 * database outages and a sink's own {@link RetryLaterException} are retried; other HTTP 4xx, SMTP 5xx (a refused login, an unknown
 * recipient), SQL that the database refuses (missing table, bad value, constraint) and
 * configuration mistakes are not: retrying cannot fix them, so the delivery goes to dead at
 * once with its error.
 */
public final class FailureClassifier {

    private final Clock clock;

    public FailureClassifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * A classified failure: retry or not, an optional wait the receiver asked for, a one-line
     * description, and whether one event's data may be the cause ({@code oneEvent}: a bad
     * value, a request the receiver finds malformed), so that a batch it failed is worth
     * splitting to find that event. A refused login, a missing table or tab, a wrong address
     * fail every event alike.
     */
    public record Failure(boolean retryable, Duration retryAfter, String description, boolean oneEvent) {

        Failure(boolean retryable, Duration retryAfter, String description) {
            this(retryable, retryAfter, description, false);
        }
    }

    public Failure classify(Throwable failure) {
        String description = describe(failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetryLaterException later) {
                return new Failure(true, later.retryAfter(), description);
            }
            if (cause instanceof MappingException) {
                return new Failure(false, null, "configuration: " + description, true);
            }
            if (cause instanceof UnknownFlowException || cause instanceof IllegalArgumentException) {
                return new Failure(false, null, "configuration: " + description);
            }
            if (cause instanceof HttpOperationFailedException http) {
                return http(http.getStatusCode(), header(http.getResponseHeaders(), "Retry-After"), description);
            }
            if (cause instanceof HttpResponseException google) {
                return http(google.getStatusCode(), google.getHeaders().getRetryAfter(), description);
            }
            if (cause instanceof Retryable token) {
                return new Failure(token.isRetryable(), null, description);
            }
            if (cause instanceof AuthenticationFailedException || cause instanceof AddressException) {
                return new Failure(false, null, description);
            }
            Integer smtpCode = smtpReturnCode(cause);
            if (smtpCode != null) {
                return new Failure(smtpCode < 500, null, description);
            }
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return new Failure(true, null, description);
            }
            if (cause instanceof SQLException sql && SqlFailures.sqlState(sql) != null && !hasSqlCause(sql)) {
                String state = SqlFailures.sqlState(sql);
                return new Failure(retryableSqlState(state), null, description,
                        state.startsWith("22") || state.startsWith("23"));
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof TimeoutException
                    || cause instanceof java.net.http.HttpTimeoutException) {
                return new Failure(true, null, description);
            }
        }
        return new Failure(true, null, description);
    }

    private Failure http(int status, String retryAfterHeader, String description) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        Duration retryAfter = (status == 429 || status == 503) ? retryAfter(retryAfterHeader) : null;
        // 400, 413, 422: the request's content was refused, which one event's data may cause
        return new Failure(retryable, retryAfter, description, status == 400 || status == 413 || status == 422);
    }

    /** The reply code of an SMTP command the server refused (4xx: try later, 5xx: never), or null. */
    private static Integer smtpReturnCode(Throwable cause) {
        if (cause instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        if (cause instanceof SMTPSendFailedException send) {
            return send.getReturnCode();
        }
        if (cause instanceof SMTPSenderFailedException sender) {
            return sender.getReturnCode();
        }
        return null;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * SQL states that name a passing condition: connection (08), transaction rollback such as
     * a deadlock (40), resources (53), operator intervention such as a restart (57), H2's
     * connection errors (90067, 90121 report as HY000 and 90xxx). Syntax or a missing table
     * (42), data (22) and constraint (23) errors will fail the same way next time.
     */
    static boolean retryableSqlState(String state) {
        String family = state.length() >= 2 ? state.substring(0, 2) : state;
        return switch (family) {
            case "42", "22", "23", "0A" -> false;
            default -> true;
        };
    }

    private static boolean hasSqlCause(SQLException sql) {
        return sql.getCause() instanceof SQLException;
    }

    /**
     * The innermost cause says what went wrong (a wrapper such as Spring's adds little): one line,
     * without secrets or the path of a URL (it is stored, shown by the admin API and logged).
     */
    static String describe(Throwable failure) {
        if (SqlFailures.sqlCause(failure) != null) {
            // a driver's message may carry the statement's values (the customer's row)
            return LogRedaction.errorText(SqlFailures.describeAny(failure));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("\\s+", " ").trim();
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + LogRedaction.errorText(message));
    }
}
