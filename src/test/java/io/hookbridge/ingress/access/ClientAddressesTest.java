package io.hookbridge.ingress.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookbridge.ingress.access.ClientAddresses.ForwardingHeader;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final ClientAddresses BEHIND_PROXIES = new ClientAddresses(
            IpRanges.parse("127.0.0.1, 10.0.0.0/8", "s"), ForwardingHeader.X_FORWARDED_FOR);

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    private static Optional<String> client(ClientAddresses addresses, String peer, String... values) {
        return addresses.resolve(ip(peer), List.of(values)).map(InetAddress::getHostAddress);
    }

    @Test
    void should_take_the_peer_when_it_is_not_a_trusted_proxy() {
        assertThat(client(BEHIND_PROXIES, "203.0.113.7", "185.236.142.1")).hasValue("203.0.113.7");
        ClientAddresses noProxies = new ClientAddresses(IpRanges.parse("", "s"), ForwardingHeader.X_FORWARDED_FOR);
        assertThat(client(noProxies, "127.0.0.1", "185.236.142.1")).hasValue("127.0.0.1");
    }

    @Test
    void should_read_from_the_right_skipping_trusted_proxies() {
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "185.236.142.1")).hasValue("185.236.142.1");
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "6.6.6.6, 185.236.142.1, 10.0.0.2")).hasValue("185.236.142.1");
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "6.6.6.6", "185.236.142.1")).as("two header lines")
                .hasValue("185.236.142.1");
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "185.236.142.1:5555")).hasValue("185.236.142.1");
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "10.0.0.9, 10.0.0.2")).as("all trusted: the leftmost")
                .hasValue("10.0.0.9");
        assertThat(client(BEHIND_PROXIES, "127.0.0.1")).as("no header: the proxy").hasValue("127.0.0.1");
    }

    @Test
    void should_give_no_client_when_the_nearest_untrusted_entry_is_not_an_address() {
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "185.236.142.1, unknown")).isEmpty();
        assertThat(client(BEHIND_PROXIES, "127.0.0.1", "185.236.142.1, ")).isEmpty();
    }

    @Test
    void should_read_rfc_7239_for_parameters() {
        ClientAddresses forwarded = new ClientAddresses(IpRanges.parse("127.0.0.1", "s"), ForwardingHeader.FORWARDED);
        assertThat(client(forwarded, "127.0.0.1", "for=192.0.2.60;proto=http;by=203.0.113.43")).hasValue("192.0.2.60");
        assertThat(client(forwarded, "127.0.0.1", "for=6.6.6.6, For=\"[2001:db8:cafe::17]:4711\""))
                .hasValue("2001:db8:cafe:0:0:0:0:17");
        assertThat(client(forwarded, "127.0.0.1", "for=_hidden")).isEmpty();
        assertThat(client(forwarded, "127.0.0.1", "proto=https")).isEmpty();
    }
}
