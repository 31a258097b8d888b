package io.hookbridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.flow.FlowRouter;
import io.hookbridge.flow.Routing;
import io.hookbridge.payload.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped flows' types, through the real dispatch step (routes/dispatch/route-by-type.camel.yaml)
 * in the application booted by camel-test-main: which flows each systeme.io type gets. The
 * onward HTTP and email flows are on here; the Google Sheets ones are off (no spreadsheet).
 */
@CamelMainTest(propertyPlaceholderLocations = "file:application.properties", properties = {
    "camel.server.port=0",
    "camel.management.enabled=false",
    "hookbridge.data-dir=target/route-by-type",
    "hookbridge.delivery.enabled=false",
    "hookbridge.forward.url=http://127.0.0.1:9/unused",
    "hookbridge.alerts.to=owner@shop.example",
    "hookbridge.mail.host=127.0.0.1",
    "hookbridge.mail.from=bridge@shop.example"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteByTypeTest {

    @BeanInject
    CamelContext context;

    @Produce("direct:route-by-type")
    ProducerTemplate dispatch;

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "customer.sale.completed, 'events-to-http,events-to-sql,sales-to-email,sales-to-sql'",
        "customer.sale.cancelled, 'events-to-http,events-to-sql'",
        "contact.created, 'events-to-http,events-to-sql'",
        "contact.optin.completed, 'events-to-http,events-to-sql'",
        "contact.tag.added, 'events-to-http,events-to-sql'",
        "contact.tag.removed, 'events-to-http,events-to-sql'",
        "contact.webinar.registered, 'events-to-http,events-to-sql,registrations-to-email'",
        "contact.course.enrolled, 'events-to-http,events-to-sql,registrations-to-email'",
        "contact.course_bundle.enrolled, 'events-to-http,events-to-sql,registrations-to-email'",
        "contact.campaign.finished, 'events-to-http,events-to-sql'",
        "contact.page.visited, 'events-to-http,events-to-sql'",
        "contact.email_link.clicked, 'events-to-http,events-to-sql'",
        "subscription.payment.failed, none",
        "'customer.sale.completed ', none",
        "CUSTOMER.SALE.COMPLETED, none"})
    void should_choose_the_flows_of_each_type(String type, String flows) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(IncomingWebhook.PROPERTY, new IncomingWebhook("systeme", type,
                "{}".getBytes(StandardCharsets.UTF_8), Instant.now(), "127.0.0.1", "{}", "key"));

        Exchange routed = dispatch.send(exchange);

        assertThat(routed.getException()).isNull();
        Routing routing = routed.getProperty(FlowRouter.ROUTING_PROPERTY, Routing.class);
        assertThat(routing.chosen().stream().sorted().toList())
                .isEqualTo(flows == null ? List.of() : Arrays.asList(flows.split(",")));
        assertThat(routing.skipped()).isEmpty();
    }
}
