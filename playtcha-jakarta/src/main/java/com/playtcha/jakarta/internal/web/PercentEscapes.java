package com.playtcha.jakarta.internal.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the percent-escapes ({@code %2F}) of a request URI as UTF-8, for the guards that must read
 * a path as a container or an authentication mechanism will: the servlet filter's test for a login
 * post, and {@code @PlaytchaLogin}'s paths. Only ASCII hex digits make an escape, as in the containers.
 */
public final class PercentEscapes {

    private PercentEscapes() {
    }

    /**
     * {@code raw} with its escapes decoded. A {@code %} that starts no escape is kept as it is when
     * {@code lenient} (as the most lenient container keeps it); otherwise the answer is {@code null}.
     */
    public static String decode(String raw, boolean lenient) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int high = bytes[i] == '%' && i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (low >= 0) {
                decoded.write(high << 4 | low);
                i += 2;
            } else if (bytes[i] == '%' && !lenient) {
                return null;
            } else {
                decoded.write(bytes[i]);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }
}
