package com.playtcha.jakarta.spi.door;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SPI: which requests are a container FORM login's post, any method: the guard's rule ({@link #isLoginAction}),
 * which each door holds its container's own rule to on the one list of login posts (the door test
 * fixtures' {@code login-posts.txt}); with the one percent-decoder of request paths, which the doors and the
 * Jakarta Security module call. The JDK only: the door jars carry a relocated copy (see design/login-guard.md §8).
 */
public final class LoginPost {

    /** The last path segment of a container FORM login's post. */
    public static final String ACTION = "j_security_check";

    private LoginPost() {
    }

    /**
     * The guard's rule: whether {@code requestUri} (as the client sent it) is a login post's: its last
     * path segment, path parameters removed, percent-escapes decoded (a {@code %} that starts no escape
     * kept, as the most lenient container keeps it) and trailing slashes ignored (Jetty takes
     * {@code /j_security_check/} too), is {@value #ACTION}.
     */
    public static boolean isLoginAction(String requestUri) {
        if (requestUri == null) {
            return false;
        }
        String path = decoded(withoutParameters(requestUri), true);
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        int start = end - ACTION.length();
        return start >= 0 && path.startsWith(ACTION, start) && (start == 0 || path.charAt(start - 1) == '/');
    }

    /** {@code path} without its path parameters: from each {@code ;} to the end of its segment. */
    public static String withoutParameters(String path) {
        if (path.indexOf(';') < 0) {
            return path;
        }
        StringBuilder kept = new StringBuilder(path.length());
        boolean parameter = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            parameter = c == ';' || (parameter && c != '/');
            if (!parameter) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /**
     * {@code raw} with its percent-escapes ({@code %2F}) decoded as UTF-8, as a container decodes a path;
     * only ASCII hex digits make an escape. A {@code %} that starts no escape is kept when {@code lenient}
     * (as the most lenient container keeps it); otherwise the answer is {@code null}. The guard's rule reads
     * leniently; {@code @PlaytchaLogin}'s paths strictly.
     */
    public static String decoded(String raw, boolean lenient) {
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
