package io.hookbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.journal.JournalEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** How many calls of its target a flow made for a batch: one, unless the flow says otherwise. */
class FlowDispatcherTest {

    @Test
    void should_count_one_call_per_batch_unless_the_flow_says_how_many_it_made() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:plain").routeId("plain").log("one call");
                    from("direct:two-calls").routeId("two-calls")
                            .setProperty(FlowDispatcher.CALLS_PROPERTY, constant(2));
                    from("direct:nothing-to-write").routeId("nothing-to-write")
                            .setProperty(FlowDispatcher.CALLS_PROPERTY, constant(0));
                }
            });
            context.start();
            FlowDispatcher dispatcher = new FlowDispatcher(context);

            assertThat(dispatcher.deliver("plain", batch("plain"))).isEqualTo(1);
            assertThat(dispatcher.deliver("two-calls", batch("two-calls"))).isEqualTo(2);
            assertThat(dispatcher.deliver("nothing-to-write", batch("nothing-to-write"))).isZero();
        }
    }

    private static List<DueDelivery> batch(String flow) {
        JournalEvent event = new JournalEvent("e-1", "systeme", "contact.tag.added", Instant.EPOCH,
                "{}".getBytes(StandardCharsets.UTF_8), bytes -> null);
        return List.of(new DueDelivery(1, flow, 0, Instant.EPOCH, event, 1));
    }
}
