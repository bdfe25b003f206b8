package com.playtcha.jakarta.internal.budget;

/**
 * What a client address is budgeted under. An IPv4 address is its own key, as the container wrote
 * it. An IPv6 address counts by its /64 prefix: a subscriber gets a whole /64 and may use any of its
 * 2^64 addresses, so a budget per IPv6 address would be no budget at all. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.1}) is that IPv4 address. Brackets and a zone id
 * ({@code [fe80::1%eth0]}) are ignored, and any spelling of one IPv6 address is the same key.
 * Anything else (a host name, a Unix socket path, an empty string, whatever a container took from a
 * forged forwarding header) shares one key, {@link #OTHER}: its text is never a key, so no client
 * can make a key as long as it likes, nor a fresh one per request.
 *
 * <p>Literals only: nothing here asks DNS. ({@code InetAddress.getByName} would, for anything that
 * is not a literal, on the request's thread.) An IPv4 address keys without a copy, so the common
 * case allocates nothing; an IPv6 one costs a boxed {@code Long}.
 */
final class AddressKey {

    /** The one key of every client address that is not an IP literal. */
    static final String OTHER = "(not an IP address)";
    private static final long MAPPED_IPV4 = 0xFFFFL; // ::ffff:0:0/96

    private AddressKey() {
    }

    /** The key of this client address: a {@code String} (IPv4, or {@link #OTHER}) or a {@code Long} (an IPv6 /64). */
    static Object of(String address) {
        if (address.indexOf(':') < 0) {
            return ipv4(address, 0, address.length()) >= 0 ? address : OTHER; // IPv4 as is, without a copy
        }
        int from = 0;
        int to = address.length();
        if (to > 2 && address.charAt(0) == '[' && address.charAt(to - 1) == ']') {
            from = 1;
            to--;
        }
        int zone = address.indexOf('%', from);
        if (zone >= 0 && zone < to) {
            to = zone;
        }
        Object key = ipv6(address, from, to);
        return key != null ? key : OTHER;
    }

    /** The /64 of the IPv6 literal in {@code s[from, to)}, or its IPv4 text when mapped; {@code null} when it is not one. */
    private static Object ipv6(String s, int from, int to) {
        int gap = gap(s, from, to);
        int missing = gap < 0 ? 0 : 8 - groups(s, from, gap) - groups(s, gap + 2, to);
        long hi = 0; // the 128 bits, shifted in 16 at a time
        long lo = 0;
        int bits = 0;
        for (int i = from, next; i < to; i = next) {
            long value;
            int width;
            if (i == gap) {
                value = 0;
                width = 16 * missing;
                next = gap + 2;
                if (missing < 1 || next < to && s.charAt(next) == ':') {
                    return null; // a "::" that stands for no group, or ":::"
                }
            } else {
                int end = indexOf(s, ':', i, to);
                boolean dotted = end == to && indexOf(s, '.', i, to) < to; // an embedded IPv4 address ends it
                value = dotted ? ipv4(s, i, to) : hex(s, i, end);
                width = dotted ? 32 : 16;
                next = end == gap ? gap : end + 1;
                if (end == to - 1 && end != gap) {
                    value = -1; // a single colon at the end
                }
            }
            if (value < 0) {
                return null; // not a group (a second "::" leaves an empty one)
            }
            for (int shift = width - 16; shift >= 0; shift -= 16) {
                hi = hi << 16 | lo >>> 48;
                lo = lo << 16 | (value >>> shift & 0xFFFF);
            }
            bits += width;
        }
        if (bits != 128) {
            return null;
        }
        return hi == 0 && lo >>> 32 == MAPPED_IPV4 ? ipv4Text(lo & 0xFFFF_FFFFL) : Long.valueOf(hi);
    }

    /** Where the first {@code "::"} in {@code s[from, to)} stands in for the missing zero groups, or -1. */
    private static int gap(String s, int from, int to) {
        int gap = indexOf(s, ':', from, to);
        while (gap < to - 1 && s.charAt(gap + 1) != ':') {
            gap = indexOf(s, ':', gap + 1, to);
        }
        return gap < to - 1 ? gap : -1;
    }

    /** 16-bit groups in {@code s[from, to)}, an embedded IPv4 address counting two; 0 when empty. */
    private static int groups(String s, int from, int to) {
        if (from >= to) {
            return 0;
        }
        int groups = 1;
        for (int i = from; i < to; i++) {
            groups += s.charAt(i) == ':' ? 1 : 0;
        }
        return groups + (indexOf(s, '.', from, to) < to ? 1 : 0);
    }

    /** One group of 1 to 4 hex digits, or -1. */
    private static long hex(String s, int from, int to) {
        if (to - from < 1 || to - from > 4) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0 || s.charAt(i) > 'f') {
                return -1; // Character.digit also takes full-width and other Unicode digits
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** A dotted-quad IPv4 literal, four decimal parts of 0-255 without leading zeros, or -1. */
    private static long ipv4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (i <= to && parts < 4) {
            int end = indexOf(s, '.', i, to);
            int part = decimal(s, i, end);
            if (part < 0) {
                return -1;
            }
            value = value << 8 | part;
            parts++;
            i = end + 1;
        }
        return parts == 4 && i == to + 1 ? value : -1;
    }

    private static int decimal(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && s.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static String ipv4Text(long value) {
        return (value >>> 24) + "." + (value >>> 16 & 0xFF) + "." + (value >>> 8 & 0xFF) + "." + (value & 0xFF);
    }

    /** The first {@code c} in {@code s[from, to)}, or {@code to}. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }
}
