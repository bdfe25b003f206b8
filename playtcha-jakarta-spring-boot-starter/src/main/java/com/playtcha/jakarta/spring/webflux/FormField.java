package com.playtcha.jakarta.spring.webflux;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds one field of an {@code application/x-www-form-urlencoded} body fed to it as the body arrives, holding
 * what it was fed, at most {@link #MAX_BYTES}: the first pair whose name is the field, decoded as Spring's
 * form reader decodes it ({@code URLDecoder} in the body's charset), so the value is the one
 * {@code ServerWebExchange.getFormData().getFirst(field)} gives the application. A pair is read only once it
 * ends ({@code &} or the end of the body), so a value cut by a buffer's end is never taken short; it is trimmed
 * and an empty one skipped, as Spring splits the body. A first
 * occurrence without {@code =}, or one whose escapes Spring could not decode, gives no token; past the cap
 * the field counts as absent. A charset in which {@code &}, {@code =}, {@code %} and {@code +} are not their
 * ASCII bytes (UTF-16) is not read. Not thread-safe: one reader feeds it.
 *
 * <p>Written here, not Spring's {@code FormHttpMessageReader}: that one reads the whole body before it
 * answers, and the filter must stop as soon as the token is found and hand every byte on.
 */
final class FormField implements TokenBody.Finder {

    /** The most of a body taken to find the field: the multipart reader's cap, for either kind of form. */
    static final int MAX_BYTES = com.playtcha.jakarta.servlet.multipart.MultipartField.MAX_PREFIX_BYTES;

    private final String field;
    private final Charset charset;
    private byte[] taken = new byte[0];
    private int length;
    /** Where the next pair starts. */
    private int pairStart;
    /** How far the body was looked at for {@code &}. */
    private int scanned;
    private boolean decided;
    private boolean ended;
    private String token;

    private FormField(String field, Charset charset) {
        this.field = field;
        this.charset = charset;
    }

    /** A reader of {@code field} for a body in {@code charset} ({@code null}: UTF-8, Spring's default), or {@code null}. */
    static FormField of(String field, Charset charset) {
        Charset body = charset == null ? StandardCharsets.UTF_8 : charset;
        return Arrays.equals("&=%+".getBytes(body), "&=%+".getBytes(StandardCharsets.US_ASCII)) ? new FormField(field, body) : null;
    }

    @Override
    public boolean wants() {
        return !decided && !ended && length < MAX_BYTES;
    }

    /** Takes from {@code buffer} what fits under the cap and reads the pairs that ended; the rest stays. */
    @Override
    public void feed(ByteBuffer buffer) {
        if (!wants()) {
            return;
        }
        int n = Math.min(buffer.remaining(), MAX_BYTES - length);
        if (length + n > taken.length) {
            taken = Arrays.copyOf(taken, Math.min(MAX_BYTES, Math.max(2 * taken.length, length + n)));
        }
        buffer.get(taken, length, n);
        length += n;
        pairs(false);
    }

    /** The body ended: the last pair is read, and what was not found is absent. */
    @Override
    public void end() {
        if (!decided) {
            pairs(true);
        }
        ended = true;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public ByteBuffer taken() {
        return ByteBuffer.wrap(taken, 0, length).asReadOnlyBuffer();
    }

    /** Reads the pairs that ended since the last call: each byte is looked at once. */
    private void pairs(boolean last) {
        for (; scanned < length && !decided; scanned++) {
            if (taken[scanned] == '&') {
                pair(pairStart, scanned);
                pairStart = scanned + 1;
            }
        }
        if (last && !decided && pairStart < length) {
            pair(pairStart, length);
            pairStart = length;
        }
    }

    /**
     * The pair {@code [from, to)}, read as Spring reads it: trimmed ({@code String.trim}), skipped when empty, split
     * at its first {@code =}; decided when its name is the field.
     */
    private void pair(int from, int to) {
        String pair = new String(taken, from, to - from, charset).trim();
        if (pair.isEmpty()) {
            return;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        if (!field.equals(key)) {
            return;
        }
        decided = true;
        token = equals < 0 ? null : decode(pair.substring(equals + 1));
    }

    private String decode(String text) {
        try {
            return URLDecoder.decode(text, charset);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
