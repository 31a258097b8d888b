package io.hookbridge.ingress.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A list of addresses and CIDR ranges from a setting, such as {@code 185.236.142.1, 10.0.0.0/8, 2001:db8::/32}. */
public final class IpRanges {

    private record Range(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixBits % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - restBits)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Range> ranges;
    private final String text;

    private IpRanges(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** Parses a comma-separated list; a bad entry stops the startup with a message naming the setting. */
    public static IpRanges parse(String list, String settingName) {
        List<Range> ranges = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String raw : list == null ? new String[0] : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            ranges.add(range(entry, settingName));
            entries.add(entry);
        }
        return new IpRanges(List.copyOf(ranges), String.join(", ", entries));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = IpLiterals.unmapped(address).getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Range range(String entry, String settingName) {
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress address = IpLiterals.parse(addressText).orElseThrow(() -> new IllegalArgumentException(
                settingName + ": '" + entry + "' is not an IP address or CIDR range (such as 185.236.142.1 or 10.0.0.0/8)"));
        byte[] bytes = address.getAddress();
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > maxBits) {
                throw new IllegalArgumentException(settingName + ": '" + entry + "' has a prefix length outside 0.."
                        + maxBits);
            }
        }
        return new Range(bytes, bits);
    }
}
