package com.playtcha.jakarta.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header lines of one part of a {@code multipart/form-data} body, as {@link MultipartScanner}
 * finds them: whether this part is the field, and whether its headers are refused (the rules are in
 * the scanner's class comment). Each step answers why it refuses, or {@code null}.
 *
 * <p>A client may send as many parts and header lines as fit in the body, so the lines are read where
 * they lie, in the body's bytes, without a copy: a header's name is compared byte by byte, and a
 * {@code Content-Disposition} is parsed in place, as {@link HeaderParameters} would read it. Only the
 * field's own {@code Content-Type} is parsed into strings, once, when its headers end.
 */
final class PartHeaders {

    private static final byte[] CONTENT_DISPOSITION = ascii("content-disposition");
    private static final byte[] CONTENT_TYPE = ascii("content-type");
    private static final byte[] FORM_DATA = ascii("form-data");
    private static final byte[] NAME = ascii("name");
    private static final byte[] FILENAME = ascii("filename");
    private static final String NOT_FORM_DATA = "a Content-Disposition that is not form-data; name=...";

    private final byte[] field;
    private boolean seenDisposition;
    private boolean isField;
    private boolean onlyFieldHeaders;
    /** How many {@code Content-Type} lines this part has, and where the last one's value lies in the body. */
    private int contentTypes;
    private int contentTypeStart;
    private int contentTypeEnd;
    /** What the part's {@code Content-Disposition} says: its type is form-data; where its name lies; what else it has. */
    private boolean formData;
    private int nameStart;
    private int nameEnd;
    private boolean hasFilename;
    private boolean otherParameter;

    /** @param field the form field's name */
    PartHeaders(String field) {
        this.field = field.getBytes(StandardCharsets.UTF_8);
    }

    /** A new part's headers begin. */
    void start() {
        seenDisposition = false;
        isField = false;
        onlyFieldHeaders = true;
        contentTypes = 0;
    }

    /** Whether the current part is the field (its {@code name} is the field's, and it is no file). */
    boolean isField() {
        return isField;
    }

    /** The header line {@code data[start, end)}, without its CRLF: why it is refused, or {@code null}. */
    String line(byte[] data, int start, int end) {
        int colon = tokenEnd(data, start, end);
        if (colon == start || colon == end || data[colon] != ':') {
            return "a header line that is not name: value";
        }
        if (equalsIgnoreCase(data, start, colon, CONTENT_DISPOSITION)) {
            return disposition(data, colon + 1, end);
        }
        if (equalsIgnoreCase(data, start, colon, CONTENT_TYPE)) {
            contentTypes++;
            contentTypeStart = colon + 1;
            contentTypeEnd = end;
        } else {
            onlyFieldHeaders = false;
        }
        return null;
    }

    /**
     * The blank line that ends the headers: why the part is refused, or {@code null}. {@code data} is
     * the body the lines were read from (perhaps grown into a larger array since, at the same offsets).
     */
    String end(byte[] data) {
        if (!seenDisposition) {
            return "a part without Content-Disposition";
        }
        if (isField && !onlyFieldHeaders) {
            return "the field's part has headers other than Content-Disposition and Content-Type";
        }
        if (isField && contentTypes > 1) {
            return "the field's part has two Content-Type headers"; // the containers may read either
        }
        if (isField && contentTypes == 1) {
            return contentType(new String(data, contentTypeStart, contentTypeEnd - contentTypeStart, StandardCharsets.UTF_8));
        }
        return null;
    }

    /**
     * The field's {@code Content-Type}: a container decodes the field with the charset it names, and
     * fails on one it does not know (Jetty does), so such a field is refused, as is a header that does
     * not parse as a media type.
     */
    private static String contentType(String value) {
        HeaderParameters parsed = HeaderParameters.parse(value, true);
        String charset = parsed == null ? null : parsed.parameters().get("charset");
        if (parsed == null) {
            return "the field's part has a Content-Type that is not type/subtype; name=value";
        } else if (charset != null && HeaderParameters.charset(charset) == null) {
            return "the field's part names a charset this JVM does not know";
        }
        return null;
    }

    /** A {@code Content-Disposition} value, {@code data[from, to)}: why it is refused, or {@code null}. */
    private String disposition(byte[] data, int from, int to) {
        if (seenDisposition) {
            return "two Content-Disposition headers in a part";
        }
        if (!parseDisposition(data, from, to) || !formData) {
            return NOT_FORM_DATA;
        }
        if (nameStart < 0 || otherParameter) {
            return "a Content-Disposition with parameters other than name and filename";
        }
        seenDisposition = true;
        boolean named = isFieldName(data, nameStart, nameEnd);
        if (named && hasFilename) {
            return "the field is a file";
        }
        isField = named;
        return null;
    }

    /**
     * Reads a {@code Content-Disposition} value as {@code HeaderParameters.parse(value, false)} reads
     * its text: a token, then {@code ; name=value} pairs (a token or a quoted-string without escapes),
     * names case-insensitive and each at most once. Notes what it found ({@link #formData},
     * {@link #nameStart}, ...); whether it parses.
     */
    private boolean parseDisposition(byte[] data, int from, int to) {
        nameStart = -1;
        hasFilename = false;
        otherParameter = false;
        int at = whitespaceEnd(data, from, to);
        int typeEnd = tokenEnd(data, at, to);
        if (typeEnd == at) {
            return false;
        }
        formData = equalsIgnoreCase(data, at, typeEnd, FORM_DATA);
        at = typeEnd;
        while ((at = whitespaceEnd(data, at, to)) < to) {
            if (data[at] != ';') {
                return false;
            }
            at = whitespaceEnd(data, at + 1, to);
            if (at < to && data[at] != ';') { // else an empty parameter, which RFC 9110 allows
                at = parameter(data, at, to);
                if (at < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The parameter at {@code data[at, ...)}, noted: where it ends, or {@code -1} when it does not parse or repeats a name. */
    private int parameter(byte[] data, int at, int to) {
        int keyEnd = tokenEnd(data, at, to);
        if (keyEnd == at || keyEnd == to || data[keyEnd] != '=') {
            return -1;
        }
        int valueStart = keyEnd + 1;
        boolean quoted = valueStart < to && data[valueStart] == '"';
        int valueEnd = quoted ? quotedEnd(data, valueStart + 1, to) : tokenEnd(data, valueStart, to);
        if (valueEnd < 0 || valueEnd == valueStart) {
            return -1;
        }
        if (equalsIgnoreCase(data, at, keyEnd, NAME)) {
            if (nameStart >= 0) {
                return -1;
            }
            nameStart = quoted ? valueStart + 1 : valueStart;
            nameEnd = quoted ? valueEnd - 1 : valueEnd;
        } else if (equalsIgnoreCase(data, at, keyEnd, FILENAME)) {
            if (hasFilename) {
                return -1;
            }
            hasFilename = true;
        } else {
            otherParameter = true;
        }
        return valueEnd;
    }

    /** Whether {@code data[from, to)} is the field's name, compared as UTF-8 text is (bytes that are not UTF-8 read as U+FFFD). */
    private boolean isFieldName(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 0) { // not ASCII: rare, so decoded as the text would be
                return Arrays.equals(new String(data, from, to - from, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), field);
            }
        }
        return Arrays.equals(data, from, to, field, 0, field.length);
    }

    /** The end of a quoted-string's content starting at {@code from}, past its closing quote; {@code -1} when it has none or holds an escape or a control. */
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

    private static int tokenEnd(byte[] data, int from, int to) {
        int at = from;
        while (at < to && HeaderParameters.isTokenChar((char) data[at])) {
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

    /** Whether {@code data[from, to)} is {@code lower}, in any case of its ASCII letters. */
    private static boolean equalsIgnoreCase(byte[] data, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = data[from + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
