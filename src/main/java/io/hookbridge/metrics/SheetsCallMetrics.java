package io.hookbridge.metrics;

import com.google.api.client.http.HttpResponseException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Counts every call to the Google Sheets API by its outcome: ok, rate_limited (HTTP 429) or error. */
public final class SheetsCallMetrics extends EventNotifierSupport {

    private final BridgeMetrics metrics;

    public SheetsCallMetrics(BridgeMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("google-sheets:");
    }

    @Override
    public void notify(CamelEvent event) {
        Exception failure = ((ExchangeSentEvent) event).getExchange().getException();
        if (failure == null) {
            metrics.sheetsCall("ok");
            return;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpResponseException google && google.getStatusCode() == 429) {
                metrics.sheetsCall("rate_limited");
                return;
            }
        }
        metrics.sheetsCall("error");
    }
}
