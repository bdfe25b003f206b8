package com.playtcha.jakarta.internal.http;

import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;

/**
 * The verify request's body, {@code {"secret":"...","token":"..."}}, written by hand: the part up to
 * the token is encoded once per transport, and a post adds its token to a copy of it, one array per
 * post. Strings are escaped by JSON-P, as its generator escapes them.
 *
 * <p>It holds the secret, encoded: it has no {@code toString} of its own and never leaves the
 * transport. Public for the benchmarks module's microbenchmark only.
 */
final class RequestBody {

    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final JsonProvider json = JsonProvider.provider();
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

    /** The JSON string literal's content for {@code s}, without the quotes, as JSON-P writes it. */
    private String escaped(String s) {
        String literal = json.createValue(s).toString();
        return literal.substring(1, literal.length() - 1);
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }
}
