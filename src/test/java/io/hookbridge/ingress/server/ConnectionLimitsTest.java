package io.hookbridge.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    private static final InetAddress CLIENT = address("203.0.113.7");
    private static final InetAddress OTHER_CLIENT = address("203.0.113.8");
    private static final InetAddress PROXY = address("10.0.0.1");

    @Test
    void should_refuse_a_connection_over_the_limit_of_its_address_and_take_it_again_once_one_closes() {
        ConnectionLimits limits = new ConnectionLimits(100, 2, address -> false);
        Runnable first = limits.tryOpen(CLIENT);
        assertThat(limits.tryOpen(CLIENT)).isNotNull();

        assertThat(limits.tryOpen(CLIENT)).isNull();
        assertThat(limits.tryOpen(OTHER_CLIENT)).isNotNull();

        first.run();
        assertThat(limits.tryOpen(CLIENT)).isNotNull();
    }

    @Test
    void should_refuse_any_connection_over_the_total_and_give_back_the_place_of_a_refused_one() {
        ConnectionLimits limits = new ConnectionLimits(3, 2, address -> false);
        limits.tryOpen(CLIENT);
        limits.tryOpen(CLIENT);
        // refused by its address: must not hold one of the three places
        assertThat(limits.tryOpen(CLIENT)).isNull();
        Runnable third = limits.tryOpen(OTHER_CLIENT);
        assertThat(third).isNotNull();

        assertThat(limits.tryOpen(address("203.0.113.9"))).isNull();
        third.run();
        assertThat(limits.tryOpen(address("203.0.113.9"))).isNotNull();
    }

    @Test
    void should_not_apply_the_address_limit_to_an_exempt_address_but_count_it_in_the_total() {
        ConnectionLimits limits = new ConnectionLimits(10, 2, PROXY::equals);
        List<Runnable> proxied = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            proxied.add(limits.tryOpen(PROXY));
        }
        assertThat(proxied).doesNotContainNull();
        assertThat(limits.tryOpen(CLIENT)).isNotNull();

        assertThat(limits.tryOpen(PROXY)).isNull();
        assertThat(limits.tryOpen(OTHER_CLIENT)).isNull();
        proxied.forEach(Runnable::run);
        assertThat(limits.tryOpen(CLIENT)).isNotNull();
        assertThat(limits.tryOpen(CLIENT)).isNull();
    }

    @Test
    void should_count_the_addresses_of_one_ipv6_64_as_one_address() {
        ConnectionLimits limits = new ConnectionLimits(100, 2, address -> false);
        assertThat(limits.tryOpen(address("2001:db8:1:2::1"))).isNotNull();
        assertThat(limits.tryOpen(address("2001:db8:1:2:ffff::2"))).isNotNull();

        assertThat(limits.tryOpen(address("2001:db8:1:2:abcd:1234:5678:9"))).isNull();
        assertThat(limits.tryOpen(address("2001:db8:1:3::1"))).isNotNull();
    }

    @Test
    void should_let_refused_senders_share_at_most_half_of_the_places_and_keep_the_rest_for_allowed_ones() {
        InetAddress allowed = address("185.236.142.1");
        ConnectionLimits limits = new ConnectionLimits(4, 100, address -> false, address -> !address.equals(allowed));
        Runnable first = limits.tryOpen(CLIENT);
        assertThat(limits.tryOpen(OTHER_CLIENT)).isNotNull();
        assertThat(limits.tryOpen(address("203.0.113.9"))).isNull();

        assertThat(limits.tryOpen(allowed)).isNotNull();
        assertThat(limits.tryOpen(allowed)).isNotNull();
        assertThat(limits.tryOpen(allowed)).isNull();
        first.run();
        assertThat(limits.tryOpen(allowed)).isNotNull();
        assertThat(limits.tryOpen(CLIENT)).isNull();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
