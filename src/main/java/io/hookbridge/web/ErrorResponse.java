package io.hookbridge.web;

import io.hookbridge.db.SqlFailures;
import io.hookbridge.journal.JournalRefusedException;
import io.hookbridge.journal.JournalUnavailableException;
import io.hookbridge.metrics.BridgeMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever stopped an HTTP exchange into the JSON answer for the caller (used by
 * routes/http-errors, for the webhooks and the admin API alike); a webhook's refusal is counted
 * by its error code.
 */
public final class ErrorResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponse.class);
    /** The {@code Retry-After} of an answer that asks the sender to come back later (503). */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final BridgeMetrics metrics;
    private final String webhookProperty;

    /**
     * @param webhookProperty the exchange property that marks a webhook's exchange (set by the
     *     ingress routes before their first step): only those refusals are counted
     */
    public ErrorResponse(BridgeMetrics metrics, String webhookProperty) {
        this.metrics = metrics;
        this.webhookProperty = webhookProperty;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getMessage();
        String code;
        if (failure instanceof RequestRejectedException rejected) {
            code = rejected.code();
            LOG.info("Rejected request: {} {} ({})", rejected.status(), rejected.code(), rejected.getMessage());
            JsonResponses.error(message, rejected.status(), rejected.code(), rejected.getMessage());
            rejected.headers().forEach(message::setHeader);
        } else if (failure instanceof JournalRefusedException refused) {
            code = "event_refused";
            LOG.warn("Answered 422, nothing stored: {}", refused.getMessage());
            JsonResponses.error(message, 422, code, "the event was not stored: " + refused.problem()
                    + "; sending it again will not help");
        } else if (failure instanceof JournalUnavailableException unavailable) {
            code = "journal_unavailable";
            LOG.warn("Answered 503, nothing stored: {}", unavailable.getMessage());
            JsonResponses.error(message, 503, code, "the event could not be stored and was not accepted; retry later");
            message.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        } else {
            code = "internal_error";
            if (SqlFailures.sqlCause(failure) != null) {
                // without the driver's exception: its message may hold the statement's values
                LOG.error("Answered 500: the database failed: {}", SqlFailures.describeAny(failure));
            } else {
                LOG.error("Answered 500 for a webhook", failure);
            }
            JsonResponses.error(message, 500, code, "the bridge failed to handle this request");
        }
        if (exchange.getProperty(webhookProperty) != null) {
            metrics.rejected(code);
        }
    }
}
