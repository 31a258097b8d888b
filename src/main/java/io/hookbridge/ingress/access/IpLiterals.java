package io.hookbridge.ingress.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads IP address literals without ever asking DNS: text from a request header is hostile, and
 * {@link InetAddress#getByName} would look up anything that is not a literal.
 */
public final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiterals() {
    }

    /** The address this literal names (IPv4, or IPv6 with or without brackets), or empty if it is not one. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        boolean v4 = IPV4.matcher(literal).matches();
        // a text with a colon is only ever parsed as an IPv6 literal, never looked up
        boolean v6 = !v4 && literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(unmapped(InetAddress.getByName(literal)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as the IPv4 address it carries. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return address;
                }
            }
            if (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
