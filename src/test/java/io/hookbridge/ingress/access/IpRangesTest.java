package io.hookbridge.ingress.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangesTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    @Test
    void should_match_single_addresses_and_cidr_ranges_of_both_families() {
        IpRanges ranges = IpRanges.parse("185.236.142.1, 10.0.0.0/8, 192.168.4.0/22, 2001:db8::/32", "setting");
        assertThat(ranges.contains(ip("185.236.142.1"))).isTrue();
        assertThat(ranges.contains(ip("185.236.142.2"))).isFalse();
        assertThat(ranges.contains(ip("10.255.0.1"))).isTrue();
        assertThat(ranges.contains(ip("11.0.0.1"))).isFalse();
        assertThat(ranges.contains(ip("192.168.7.255"))).isTrue();
        assertThat(ranges.contains(ip("192.168.8.0"))).isFalse();
        assertThat(ranges.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(ranges.contains(ip("2001:db9::1"))).isFalse();
        assertThat(ranges.contains(ip("::ffff:185.236.142.1"))).as("IPv4-mapped IPv6").isTrue();
    }

    @Test
    void should_match_everything_with_a_zero_prefix_and_nothing_when_empty() {
        assertThat(IpRanges.parse("0.0.0.0/0", "s").contains(ip("203.0.113.5"))).isTrue();
        assertThat(IpRanges.parse(" , ", "s").isEmpty()).isTrue();
        assertThat(IpRanges.parse("", "s").contains(ip("203.0.113.5"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.2.3", "256.1.1.1", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/x", "1.2.3.4/-1"})
    void should_refuse_entries_that_are_not_addresses_naming_the_setting(String entry) {
        assertThatThrownBy(() -> IpRanges.parse("185.236.142.1," + entry, "hookbridge.ingress.allowed-ips"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hookbridge.ingress.allowed-ips");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "evil.example.com", "1abc.example", "unknown", "", "_hidden", "1.2.3.4.5", "::g"})
    void should_never_read_a_host_name_as_an_address(String text) {
        assertThat(IpLiterals.parse(text)).isEmpty();
    }
}
