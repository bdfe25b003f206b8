package com.playtcha.jakarta.servlet;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value of the shape {@code value *( OWS ";" OWS name "=" value )}: a {@code Content-Type}
 * ({@code multipart/form-data; boundary=...}) or a {@code Content-Disposition}
 * ({@code form-data; name="..."}), read as RFC 9110 section 5.6.6 writes it, strictly.
 *
 * <p>Strict on purpose: {@link MultipartScanner} uses it to decide which part of a body the
 * application will read, and every input that two parsers could read two ways is refused
 * ({@link #parse} answers {@code null}) rather than read one way. So:
 * <ul>
 *   <li>parameter names are tokens matched whole and case-insensitively ({@code xboundary} is not
 *       {@code boundary}); a name given twice is refused (RFC 2045 allows each once; Jetty 12 and
 *       Tomcat 10.1 both keep the last, other parsers keep the first);</li>
 *   <li>a value is a token or a quoted-string; no whitespace around {@code =} (Tomcat allows it,
 *       Jetty refuses the body); so an unquoted {@code boundary=a,b} is refused, as {@code ,} is
 *       not a token character (both containers take {@code a,b}, other parsers split at the comma);</li>
 *   <li>a quoted-string with a backslash is refused: RFC 9110 reads {@code \x} as {@code x}, Jetty
 *       does so in a {@code Content-Type} but not in a {@code Content-Disposition}, Tomcat never;
 *       browsers never send one (they percent-encode a quote in a field name);</li>
 *   <li>a leading value that is not a token ({@code type/subtype} for a media type) is refused.</li>
 * </ul>
 */
record HeaderParameters(String value, Map<String, String> parameters) {

    /** The parsed header, or {@code null} when it is malformed or ambiguous (see the class comment). */
    static HeaderParameters parse(String header, boolean mediaType) {
        Cursor in = new Cursor(header);
        in.skipWhitespace();
        String value = in.token();
        if (value == null) {
            return null;
        }
        if (mediaType) {
            if (!in.take('/')) {
                return null;
            }
            String subtype = in.token();
            if (subtype == null) {
                return null;
            }
            value = value + '/' + subtype;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            in.skipWhitespace();
            if (in.atEnd()) {
                return new HeaderParameters(value.toLowerCase(Locale.ROOT), parameters);
            }
            if (!in.take(';')) {
                return null;
            }
            in.skipWhitespace();
            if (in.atEnd() || in.peek() == ';') {
                continue; // RFC 9110 allows an empty parameter
            }
            String name = in.token();
            if (name == null || !in.take('=')) {
                return null;
            }
            String parameter = in.peek() == '"' ? in.quoted() : in.token();
            if (parameter == null || parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), parameter) != null) {
                return null;
            }
        }
    }

    /** A position in the header; the methods answer {@code null} or {@code false} and stay put on a mismatch. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(at);
        }

        boolean take(char c) {
            if (peek() == c && !atEnd()) {
                at++;
                return true;
            }
            return false;
        }

        void skipWhitespace() {
            while (!atEnd() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        String token() {
            int start = at;
            while (!atEnd() && isTokenChar(text.charAt(at))) {
                at++;
            }
            return at > start ? text.substring(start, at) : null;
        }

        /** A quoted-string without escapes; its content may hold any visible character, space or tab, and obs-text. */
        String quoted() {
            int start = ++at;
            while (!atEnd()) {
                char c = text.charAt(at);
                if (c == '"') {
                    return text.substring(start, at++);
                }
                if (c == '\\' || (c < ' ' && c != '\t') || c == 0x7f) {
                    return null;
                }
                at++;
            }
            return null; // unterminated
        }
    }

    /**
     * The charset a request names, or {@code null} when {@code name} is one this JVM cannot decode:
     * an unknown ({@code x-unknown}), illegal ({@code =?}) or empty name, for which
     * {@code Charset.forName} throws an unchecked exception. One pair of quotes around the name is
     * taken off, as a container that did not unquote the parameter would leave them.
     */
    static Charset charset(String name) {
        String bare = name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        try {
            return Charset.forName(bare);
        } catch (IllegalArgumentException unknown) { // UnsupportedCharsetException, IllegalCharsetNameException
            return null;
        }
    }

    /** Whether a request that names {@code name} as its charset (or none, {@code null}) can be decoded. */
    static boolean isKnownCharset(String name) {
        return name == null || charset(name) != null;
    }

    /** RFC 9110 tchar. */
    static boolean isTokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
