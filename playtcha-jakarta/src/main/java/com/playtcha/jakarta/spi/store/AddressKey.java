package com.playtcha.jakarta.spi.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SPI: what a client address is budgeted and counted under, the same in this node's budgets and counts and
 * in the cluster module's, which key a client by {@link #shares} on every node. Read from the literal
 * alone (never DNS): an IPv4 address itself; an IPv6 address its /64 ({@link Prefix}), or the IPv4 client
 * it carries; other text itself up to {@link #MAX_TEXT} characters, else {@link #TOO_LONG}. Why each:
 * design/engine.md.
 */
public final class AddressKey {

    /** The longest text that is a key of its own: a Unix socket path is at most 107 bytes, a host name 253. */
    static final int MAX_TEXT = 255;
    /** The one key of all text longer than {@link #MAX_TEXT}. */
    static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "(text longer than " + MAX_TEXT + " characters)";
        }
    };

    /** How many single budgets (or counts) an IPv6 /56 holds. */
    public static final int SLASH56_SHARE = 4;
    /** How many single budgets (or counts) an IPv6 /48 holds. */
    public static final int SLASH48_SHARE = 16;

    private static final long MAPPED_IPV4 = 0xFFFFL; // ::ffff:0:0/96
    private static final long TRANSLATED_IPV4 = 0xFFFF_0000L; // ::ffff:0:0:0/96
    private static final long NAT64 = 0x0064_FF9B_0000_0000L; // 64:ff9b::/96, its first 64 bits
    /** ASCII hex groups of at most 4 digits, between colons and dots. */
    private static final int MAX_IPV6_TEXT = 45;
    private static final Pattern IPV6_TEXT = Pattern.compile("(?:[0-9A-Fa-f]{0,4}[:.])*[0-9A-Fa-f]{0,4}");

    /** An IPv6 prefix: its {@code length} leading bits (64 or fewer) at the top of {@code bits}, zeros after. */
    public record Prefix(long bits, int length) {
        /** The wider prefix of {@code to} bits that holds this one. */
        public Prefix widen(int to) {
            return new Prefix(bits & -1L << (64 - to), to);
        }

        /** {@code 2001db8000000000/64}: the same on every node, as the cluster's budgets key it. */
        @Override
        public String toString() {
            return Long.toHexString(bits) + "/" + length;
        }
    }

    private AddressKey() {
    }

    /** The key of this client address: a {@code String} (IPv4, or other text), a {@link Prefix} (an IPv6 /64), or {@link #TOO_LONG}. */
    public static Object of(String address) {
        Object key = address.indexOf(':') < 0
                ? (ipv4(address, 0) >= 0 ? address : null) // IPv4 as is, without a copy
                : ipv6(address);
        return key != null ? key : address.length() <= MAX_TEXT ? address : TOO_LONG;
    }

    /**
     * The key of this client address's network, for evidence that must come from several parties: an
     * IPv6 address's /48, an IPv4 address's /24 (as {@code 192.0.2.0/24}); anything else its {@link #of} key.
     */
    public static Object blockOf(String address) {
        Object key = of(address);
        if (key instanceof Prefix own) {
            return own.widen(48);
        }
        long v4 = key instanceof String text ? ipv4(text, 0) : -1;
        return v4 >= 0 ? ipv4Text(v4 & 0xFFFF_FF00L) + "/24" : key;
    }

    /** A key a client's login failures are counted under, and how many single counts it holds, as this node's budgets have them. */
    public record Share(Object key, int times) {
        /** The key as text, the same on every node: {@code text 192.0.2.1}, {@code key 2001db8000000000/56}. */
        public String text() {
            return (key instanceof String ? "text " : "key ") + key;
        }
    }

    /** The keys this client address's counts are kept under: its {@link #of own}, then for an IPv6 /64 its /56 and /48. */
    public static List<Share> shares(String address) {
        Object key = of(address);
        if (!(key instanceof Prefix own)) {
            return List.of(new Share(key, 1));
        }
        return List.of(new Share(own, 1), new Share(own.widen(56), SLASH56_SHARE),
                new Share(own.widen(48), SLASH48_SHARE));
    }

    /**
     * The key of an IPv6 literal (bracketed, zone id allowed): its /64, or the IPv4 text it embeds; {@code null}
     * when it is none. Refused first: non-ASCII digits, groups over 4 digits, an embedded IPv4 not {@link #ipv4 plain}.
     */
    private static Object ipv6(String address) {
        int from = 0;
        int to = address.length();
        if (to > 2 && address.charAt(0) == '[' && address.charAt(to - 1) == ']') {
            from = 1;
            to--;
        }
        int zone = address.indexOf('%', from);
        String literal = address.substring(from, zone >= 0 && zone < to ? zone : to);
        // The longest IPv6 literal is 45 characters (six groups and an IPv4 address); the bound also keeps the
        // pattern's repetition, which java.util.regex runs by recursion, from overflowing the request thread's stack.
        if (literal.length() > MAX_IPV6_TEXT || !IPV6_TEXT.matcher(literal).matches()
                || literal.indexOf('.') >= 0 && ipv4(literal, literal.lastIndexOf(':') + 1) < 0) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName("[" + literal + "]").getAddress();
        } catch (UnknownHostException notALiteral) {
            return null;
        }
        ByteBuffer parsed = ByteBuffer.wrap(bytes);
        return bytes.length == 4 ? ipv4Text(parsed.getInt() & 0xFFFF_FFFFL) // IPv4-mapped: the JDK gives the IPv4 address
                : keyOf(parsed.getLong(), parsed.getLong());
    }

    /** The key of the IPv6 address {@code hi:lo}: the IPv4 client it carries, or its /64. */
    private static Object keyOf(long hi, long lo) {
        long upper = lo >>> 32;
        boolean embedsIpv4 = hi == 0 && (upper == 0 || upper == MAPPED_IPV4 || upper == TRANSLATED_IPV4)
                || hi == NAT64 && upper == 0;
        return embedsIpv4 ? ipv4Text(lo & 0xFFFF_FFFFL) : new Prefix(hi, 64);
    }

    /** The dotted-quad IPv4 literal from {@code from} on: four decimal parts of 0-255, no leading zeros; or -1. */
    private static long ipv4(String s, int from) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (i <= s.length() && parts < 4) {
            int dot = s.indexOf('.', i);
            int end = dot < 0 ? s.length() : dot;
            int part = decimal(s, i, end);
            if (part < 0) {
                return -1;
            }
            value = value << 8 | part;
            parts++;
            i = end + 1;
        }
        return parts == 4 && i == s.length() + 1 ? value : -1;
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
}
