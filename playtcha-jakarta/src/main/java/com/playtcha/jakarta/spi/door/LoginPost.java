package com.playtcha.jakarta.spi.door;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SPI: which requests are a container FORM login's post, any method: the guard's rule ({@link #isLoginAction})
 * and each runtime's own; with the one percent-decoder of request paths, which the Jakarta Security module
 * calls. The JDK only: the door jars carry a relocated copy (see design/login-guard.md §8).
 */
public final class LoginPost {

    /** The last path segment of a container FORM login's post. */
    public static final String ACTION = "j_security_check";
    private static final String SLASH_ACTION = "/" + ACTION;

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

    /**
     * Tomcat's {@code FormAuthenticator}: the decoded request URI (Tomcat's, dot segments resolved), path
     * parameters removed, ends in {@code /j_security_check}.
     */
    public static boolean byTomcat(String decodedUri) {
        return decodedUri != null && decodedUri.contains(ACTION) && withoutParameters(decodedUri).endsWith(SLASH_ACTION);
    }

    /** Payara's {@code FormAuthenticator}: the decoded request URI (Payara's) ends in {@code /j_security_check}. */
    public static boolean byPayara(String decodedUri) {
        return decodedUri != null && decodedUri.endsWith(SLASH_ACTION);
    }

    /**
     * Jetty's {@code FormAuthenticator.isJSecurityCheck}: the decoded path in the context contains
     * {@code /j_security_check} followed by its end, {@code ;}, {@code /}, {@code ?} or {@code #}; so Jetty
     * also logs in at {@code /j_security_check/more}, which the guard's rule does not take.
     */
    public static boolean byJetty(String pathInContext) {
        if (pathInContext == null) {
            return false;
        }
        int at = pathInContext.indexOf(SLASH_ACTION);
        while (at >= 0) {
            int end = at + SLASH_ACTION.length();
            if (end == pathInContext.length() || ";/?#".indexOf(pathInContext.charAt(end)) >= 0) {
                return true;
            }
            at = pathInContext.indexOf(SLASH_ACTION, end);
        }
        return false;
    }

    /**
     * Undertow's and Elytron's FORM mechanisms: the last segment of the application-relative path
     * (Undertow's, decoded but for an escaped slash), its path parameters removed, is {@value #ACTION};
     * or that of the request URI (as sent) with every escape decoded, {@code %2F} included, as Elytron
     * reads it, so {@code x%2Fj_security_check} is a login post to it.
     */
    public static boolean byUndertow(String relativePath, String requestUri) {
        return endsInAction(relativePath)
                || (requestUri != null && requestUri.indexOf('%') >= 0 && endsInAction(decoded(requestUri, true)));
    }

    /** Whether the last segment of {@code path}, its path parameters removed, is {@value #ACTION}. */
    static boolean endsInAction(String path) {
        if (path == null) {
            return false;
        }
        int segment = path.lastIndexOf('/') + 1;
        int parameters = path.indexOf(';', segment);
        int end = parameters < 0 ? path.length() : parameters;
        return end - segment == ACTION.length() && path.startsWith(ACTION, segment);
    }

    /** {@code path} without its path parameters: from each {@code ;} to the end of its segment. */
    private static String withoutParameters(String path) {
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
