package com.playtcha.jakarta.servlet.multipart;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value {@code value *( OWS ";" OWS name "=" value )} ({@code Content-Type},
 * {@code Content-Disposition}) read strictly as RFC 9110 5.6.6 writes it: what two parsers could read
 * two ways is refused. The rules: design/multipart.md.
 */
record HeaderParameters(String value, Map<String, String> parameters) {

    /** What {@link #read} finds, as it finds it: places in the header's bytes, nothing copied. */
    interface Parts {
        /** The leading value, {@code data[start, end)}; {@code false} refuses the header. */
        boolean value(byte[] data, int start, int end);

        /** A parameter's name and value (a quoted-string without its quotes); {@code false} refuses the header. */
        boolean parameter(byte[] data, int nameStart, int nameEnd, int valueStart, int valueEnd);
    }

    /** The parsed header, or {@code null} when it is malformed or ambiguous (see the class comment). */
    static HeaderParameters parse(String header, boolean mediaType) {
        byte[] data = header.getBytes(StandardCharsets.UTF_8);
        return parse(data, 0, data.length, mediaType);
    }

    /** The header {@code data[from, to)} parsed, or {@code null} when it is malformed or ambiguous. */
    static HeaderParameters parse(byte[] data, int from, int to, boolean mediaType) {
        Collected collected = new Collected();
        return read(data, from, to, mediaType, collected) ? new HeaderParameters(collected.value, collected.parameters) : null;
    }

    /** Reads the header {@code data[from, to)} in place into {@code parts}: whether it parses and {@code parts} took all. */
    static boolean read(byte[] data, int from, int to, boolean mediaType, Parts parts) {
        int start = whitespaceEnd(data, from, to);
        int end = tokenEnd(data, start, to);
        if (end == start) {
            return false;
        }
        if (mediaType) {
            if (end == to || data[end] != '/' || tokenEnd(data, end + 1, to) == end + 1) {
                return false;
            }
            end = tokenEnd(data, end + 1, to);
        }
        if (!parts.value(data, start, end)) {
            return false;
        }
        int at = end;
        while ((at = whitespaceEnd(data, at, to)) < to) {
            if (data[at] != ';') {
                return false;
            }
            at = whitespaceEnd(data, at + 1, to);
            if (at < to && data[at] != ';') { // else an empty parameter, which RFC 9110 allows
                at = parameter(data, at, to, parts);
                if (at < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The parameter at {@code data[at, to)}, handed to {@code parts}: where it ends, or {@code -1} when it does
     * not parse or is refused.
     */
    private static int parameter(byte[] data, int at, int to, Parts parts) {
        int nameEnd = tokenEnd(data, at, to);
        if (nameEnd == at || nameEnd == to || data[nameEnd] != '=') {
            return -1;
        }
        int valueStart = nameEnd + 1;
        boolean quoted = valueStart < to && data[valueStart] == '"';
        int valueEnd = quoted ? quotedEnd(data, valueStart + 1, to) : tokenEnd(data, valueStart, to);
        if (valueEnd < 0 || valueEnd == valueStart) {
            return -1;
        }
        boolean taken = quoted ? parts.parameter(data, at, nameEnd, valueStart + 1, valueEnd - 1)
                : parts.parameter(data, at, nameEnd, valueStart, valueEnd);
        return taken ? valueEnd : -1;
    }

    /**
     * The end of a quoted-string's content starting at {@code from}, past its closing quote; {@code -1} when
     * it has none or holds an escape or a control.
     */
    private static int quotedEnd(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xff;
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\' || b < ' ' && b != '\t' || b == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /** Where the token starting at {@code from} ends ({@code from} when there is none). */
    static int tokenEnd(byte[] data, int from, int to) {
        int at = from;
        while (at < to && isTokenChar((char) data[at])) {
            at++;
        }
        return at;
    }

    private static int whitespaceEnd(byte[] data, int from, int to) {
        int at = from;
        while (at < to && (data[at] == ' ' || data[at] == '\t')) {
            at++;
        }
        return at;
    }

    /** The value lower-cased and the parameters by lower-case name, each name at most once. */
    private static final class Collected implements Parts {
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private String value;

        @Override
        public boolean value(byte[] data, int start, int end) {
            value = text(data, start, end).toLowerCase(Locale.ROOT);
            return true;
        }

        @Override
        public boolean parameter(byte[] data, int nameStart, int nameEnd, int valueStart, int valueEnd) {
            return parameters.putIfAbsent(text(data, nameStart, nameEnd).toLowerCase(Locale.ROOT),
                    text(data, valueStart, valueEnd)) == null;
        }

        private static String text(byte[] data, int start, int end) {
            return new String(data, start, end - start, StandardCharsets.UTF_8);
        }
    }

    /** RFC 9110 tchar. */
    static boolean isTokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
