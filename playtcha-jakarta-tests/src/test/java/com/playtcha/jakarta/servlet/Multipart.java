package com.playtcha.jakarta.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code multipart/form-data} body built by hand, byte for byte as a browser sends it: parts in
 * the order they are added, CRLF line ends, a closing delimiter unless {@link #truncated()} is used.
 */
final class Multipart {

    static final String BOUNDARY = "----PlaytchaTestBoundary7MA4YWxkTrZu0gW";

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final String boundary;

    Multipart() {
        this(BOUNDARY);
    }

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        write("\r\n");
        return this;
    }

    Multipart file(String name, String filename, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** Appends bytes as they are: for bodies no browser would send. */
    Multipart raw(String text) {
        write(text);
        return this;
    }

    /** The body with its closing delimiter. */
    byte[] bytes() {
        ByteArrayOutputStream closed = new ByteArrayOutputStream();
        closed.writeBytes(body.toByteArray());
        closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return closed.toByteArray();
    }

    /** The body so far, without the closing delimiter: as if the client stopped mid-form. */
    byte[] truncated() {
        return body.toByteArray();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code size} bytes that are not all alike, so a mix-up of offsets shows in a digest. */
    static byte[] fileOf(int size) {
        byte[] content = new byte[size];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            content[i] = (byte) x;
        }
        return content;
    }
}
