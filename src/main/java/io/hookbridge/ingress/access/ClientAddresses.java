package io.hookbridge.ingress.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a request. The socket peer, unless the peer is one of the trusted reverse proxies
 * ({@code hookbridge.ingress.trusted-proxies}); only then is the forwarding header read, from the
 * right, skipping the trusted proxies, so a client cannot name itself by sending the header.
 */
public final class ClientAddresses {

    /** Which header the trusted proxies write: {@code X-Forwarded-For} or {@code Forwarded} (RFC 7239). */
    public enum ForwardingHeader {
        X_FORWARDED_FOR("X-Forwarded-For"), FORWARDED("Forwarded");

        private final String headerName;

        ForwardingHeader(String headerName) {
            this.headerName = headerName;
        }

        public String headerName() {
            return headerName;
        }

        public static ForwardingHeader of(String setting, String settingName) {
            for (ForwardingHeader header : values()) {
                if (header.headerName.equalsIgnoreCase(setting.trim())) {
                    return header;
                }
            }
            throw new IllegalArgumentException(settingName + " must be X-Forwarded-For or Forwarded, not '" + setting + "'");
        }
    }

    private final IpRanges trustedProxies;
    private final ForwardingHeader header;

    public ClientAddresses(IpRanges trustedProxies, ForwardingHeader header) {
        this.trustedProxies = trustedProxies;
        this.header = header;
    }

    public ForwardingHeader header() {
        return header;
    }

    /**
     * The client's address: the peer when it is not a trusted proxy; otherwise the rightmost
     * forwarded address that is not a trusted proxy (the leftmost one when all are). Empty when
     * that entry is not an IP address (a proxy wrote "unknown", or something was forged).
     *
     * @param headerValues every value of the forwarding header, in the order received
     */
    public Optional<InetAddress> resolve(InetAddress peer, List<String> headerValues) {
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return Optional.of(IpLiterals.unmapped(peer));
        }
        List<String> hops = hops(headerValues);
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpLiterals.parse(withoutPort(hops.get(i)));
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            if (i == 0 || !trustedProxies.contains(hop.get())) {
                return hop;
            }
        }
        return Optional.of(IpLiterals.unmapped(peer));
    }

    /**
     * The same for a socket peer given as text (as the HTTP server reports it): empty also when
     * the peer is not an IP address.
     */
    public Optional<InetAddress> resolve(String peerText, List<String> headerValues) {
        return IpLiterals.parse(peerText).flatMap(peer -> resolve(peer, headerValues));
    }

    private List<String> hops(List<String> headerValues) {
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                String hop = header == ForwardingHeader.FORWARDED ? forwardedFor(element) : element.trim();
                hops.add(hop);
            }
        }
        return hops;
    }

    /** The {@code for=} value of one RFC 7239 element, unquoted; empty text when it has none. */
    private static String forwardedFor(String element) {
        for (String pair : element.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
                String value = trimmed.substring(4).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return "";
    }

    /** "1.2.3.4:5678" and "[2001:db8::1]:4711" without their ports. */
    static String withoutPort(String hop) {
        String text = hop.trim();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return close < 0 ? text : text.substring(0, close + 1);
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':') && text.indexOf('.') > 0) {
            return text.substring(0, colon);
        }
        return text;
    }
}
