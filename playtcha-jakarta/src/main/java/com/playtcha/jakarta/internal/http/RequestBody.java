package com.playtcha.jakarta.internal.http;

import java.nio.charset.StandardCharsets;

/**
 * The verify request's body, {@code {"secret":"...","token":"..."}}, written by hand: the part up to
 * the token is encoded once per transport, and a post adds its token to a copy of it, one array per
 * post. Strings are escaped as JSON-P's generator escapes them: the quote and the backslash with a
 * backslash, control characters by their short escape (newline, tab, ...) or as a backslash-u escape
 * of four hex digits; everything else as UTF-8.
 *
 * <p>It holds the secret, encoded: it has no {@code toString} of its own and never leaves the
 * transport. Public for the benchmarks module's microbenchmark only.
 */
public final class RequestBody {

    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final byte[] head;

    public RequestBody(String secret) {
        head = ("{\"secret\":\"" + escaped(secret) + "\",\"token\":\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The body for {@code token}. */
    public byte[] with(String token) {
        if (!plain(token)) {
            return concat(head, escaped(token).getBytes(StandardCharsets.UTF_8), TAIL);
        }
        // The verifier posts only tokens of visible ASCII: one array, the characters copied as bytes.
        byte[] body = new byte[head.length + token.length() + TAIL.length];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < token.length(); i++) {
            body[head.length + i] = (byte) token.charAt(i);
        }
        System.arraycopy(TAIL, 0, body, head.length + token.length(), TAIL.length);
        return body;
    }

    /** Printable ASCII with nothing to escape. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The JSON string literal's content for {@code s}, without the quotes. */
    static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }
}
