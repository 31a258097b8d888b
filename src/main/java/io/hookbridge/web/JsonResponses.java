package io.hookbridge.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes the small JSON answers the webhook addresses and the admin API give. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void accepted(Exchange exchange, String eventId, boolean duplicate) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("status", duplicate ? "duplicate" : "accepted")
                .put("event_id", eventId);
        json(exchange.getMessage(), duplicate ? 200 : 202, body);
    }

    public static void error(Message message, int status, String code, String text) {
        json(message, status, errorBody(code, text));
    }

    public static ObjectNode errorBody(String code, String text) {
        return JsonNodeFactory.instance.objectNode().put("error", code).put("message", text);
    }

    /** Any JSON answer: every header removed, then status, content type and body. */
    public static void json(Message message, int status, ObjectNode body) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body.toString());
    }
}
