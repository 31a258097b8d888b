package io.hookbridge.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.ingress.IngressGuard;
import io.hookbridge.ingress.JournalCommit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.BeanInject;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's dispatch route (routes/dispatch/route-by-type.camel.yaml) in the real
 * application booted by camel-test-main: which flows each systeme.io type gets.
 */
@CamelMainTest(propertyPlaceholderLocations = "file:application.properties", properties = {
    "camel.server.port=0",
    "camel.management.enabled=false",
    "hookbridge.data-dir=target/route-by-type",
    "hookbridge.delivery.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteByTypeTest {

    @BeanInject
    CamelContext context;

    @Produce("direct:route-by-type")
    ProducerTemplate dispatch;

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "customer.sale.completed, 'events-to-sql,sales-to-sql,events-to-sheets,sales-to-sheets,sales-to-email,events-to-http'",
        "customer.sale.cancelled, 'events-to-sql,events-to-sheets,events-to-http,cancellations-to-sheets'",
        "contact.optin.completed, 'events-to-sql,events-to-sheets,events-to-http,contacts-to-sheets'",
        "contact.tag.added, 'events-to-sql,events-to-sheets,events-to-http,contacts-to-sheets'",
        "contact.tag.removed, 'events-to-sql,events-to-sheets,events-to-http,contacts-to-sheets'",
        "contact.webinar.registered, 'events-to-sql,events-to-sheets,registrations-to-email,events-to-http'",
        "contact.course.enrolled, 'events-to-sql,events-to-sheets,registrations-to-email,events-to-http'",
        "contact.course_bundle.enrolled, 'events-to-sql,events-to-sheets,registrations-to-email,events-to-http'",
        "contact.campaign.finished, 'events-to-sql,events-to-sheets,events-to-http'",
        "contact.page.visited, 'events-to-sql,events-to-sheets,events-to-http'",
        "contact.email_link.clicked, 'events-to-sql,events-to-sheets,events-to-http'",
        "contact.created, 'events-to-sql,events-to-sheets,events-to-http'",
        "subscription.payment.failed, none",
        "'customer.sale.completed ', none",
        "CUSTOMER.SALE.COMPLETED, none"})
    void should_choose_the_flows_of_each_type(String type, String flows) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(IngressGuard.TYPE_PROPERTY, type);

        Exchange routed = dispatch.send(exchange);

        assertThat(routed.getException()).isNull();
        assertThat(routed.getProperty(JournalCommit.FLOWS_PROPERTY, String.class)).isEqualTo(flows);
    }
}
