package com.playtcha.jakarta.servlet.multipart;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Finds one field of a {@code multipart/form-data} body fed to it as the body arrives, by the rules of
 * design/multipart.md, holding what it was fed, at most {@link #MAX_PREFIX_BYTES}: the reader
 * of {@link MultipartPrefix}, which feeds it from a servlet's stream, without the Servlet API, so that a
 * caller that must not block (the Spring Boot starter's WebFlux filter) feeds it the buffers it receives.
 *
 * <pre>{@code
 * MultipartField field = MultipartField.of(contentType, "playtcha-token"); // null: no single valid boundary
 * while (field.wants() && more arrives) {
 *     field.feed(buffer);                 // takes what fits under the cap, leaves the rest in the buffer
 * }
 * field.end();                            // the body ended (or stop reading: the field then counts as absent)
 * String token = field.token();           // null unless found
 * }</pre>
 *
 * <p>What it took ({@link #taken()}) is the body's prefix, to be handed on before the rest. Not thread-safe: one
 * reader feeds it. It buffers at most the cap however the body is cut; its work is linear in what it took.
 */
public final class MultipartField {

    /** The most of a body taken to find the field: past it, the field counts as absent. */
    public static final int MAX_PREFIX_BYTES = 1024 * 1024;
    private static final int CHUNK = 8 * 1024;

    private final MultipartScanner scanner;
    private byte[] prefix = new byte[0];
    private int length;
    private long copied;
    private MultipartScanner.Verdict verdict = MultipartScanner.Verdict.MORE;
    private boolean ended;

    MultipartField(byte[] dashBoundary, String field) {
        scanner = new MultipartScanner(dashBoundary, field);
    }

    /**
     * A reader of {@code field} for a body of {@code contentType}, or {@code null} when that is no
     * {@code multipart/form-data} with a single valid boundary (nothing to read).
     */
    public static MultipartField of(String contentType, String field) {
        byte[] dashBoundary = DelimiterSearch.dashBoundary(contentType);
        return dashBoundary == null ? null : new MultipartField(dashBoundary, field);
    }

    /**
     * The charset {@code name} names (one pair of quotes taken off), or {@code null} when this JVM cannot decode
     * it: whether a body in it can be read at all, asked as this reader asks it of a part.
     */
    public static Charset charset(String name) {
        String bare = name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        try {
            return Charset.forName(bare);
        } catch (IllegalArgumentException unknown) { // UnsupportedCharsetException, IllegalCharsetNameException
            return null;
        }
    }

    /** Whether it wants more of the body: undecided, not ended, under the cap. */
    public boolean wants() {
        return verdict == MultipartScanner.Verdict.MORE && !ended && length < MAX_PREFIX_BYTES;
    }

    /** Takes from {@code buffer} what fits under the cap (while it {@link #wants} more), and scans it; the rest stays. */
    public void feed(ByteBuffer buffer) {
        while (wants() && buffer.hasRemaining()) {
            int n = Math.min(buffer.remaining(), room(CHUNK));
            buffer.get(prefix, length, n);
            scanned(n);
        }
    }

    /** The body ended: what was not found by now is absent. */
    public void end() {
        ended = true;
    }

    /** The field's value, once found; {@code null} while undecided, and when absent, refused or past the cap. */
    public String token() {
        return scanner.token();
    }

    /** What it took of the body, in order: read-only, {@code [0, length)} of its buffer. */
    public ByteBuffer taken() {
        return ByteBuffer.wrap(prefix, 0, length).asReadOnlyBuffer();
    }

    /**
     * Room for up to {@code wanted} more bytes at {@link #length}: the buffer grows fourfold up to the cap (why:
     * design/multipart.md). How many fit.
     */
    int room(int wanted) {
        if (prefix.length - length < wanted && prefix.length < MAX_PREFIX_BYTES) {
            prefix = Arrays.copyOf(prefix, Math.min(MAX_PREFIX_BYTES, Math.max(4 * prefix.length, length + wanted)));
            copied += length;
        }
        return Math.min(wanted, prefix.length - length);
    }

    /** {@code read} more bytes were put at {@link #length}: scanned. */
    void scanned(int read) {
        length += read;
        verdict = scanner.scan(prefix, length);
    }

    byte[] buffer() {
        return prefix;
    }

    int length() {
        return length;
    }

    MultipartScanner.Verdict verdict() {
        return verdict;
    }

    boolean ended() {
        return ended;
    }

    String refusal() {
        return scanner.refusal();
    }

    /** The work it took, for the test that holds the scan linear: compared, copied on growth, and taken. */
    long work() {
        return scanner.examined() + copied + length;
    }
}
