package com.playtcha.jakarta.servlet.multipart;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header lines of one multipart part, read in place as {@link MultipartScanner} finds them: whether
 * it is the field, and why its headers are refused ({@code null}: they are not). Rules: design/multipart.md.
 */
final class PartHeaders implements HeaderParameters.Parts {

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
        int colon = HeaderParameters.tokenEnd(data, start, end);
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

    /** The blank line that ends the headers: why the part is refused, or {@code null}. */
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
            return contentType(HeaderParameters.parse(data, contentTypeStart, contentTypeEnd, true));
        }
        return null;
    }

    /** The field's {@code Content-Type}, refused when no media type or its charset is unknown here. */
    private static String contentType(HeaderParameters parsed) {
        String charset = parsed == null ? null : parsed.parameters().get("charset");
        if (parsed == null) {
            return "the field's part has a Content-Type that is not type/subtype; name=value";
        } else if (charset != null && MultipartField.charset(charset) == null) {
            return "the field's part names a charset this JVM does not know";
        }
        return null;
    }

    /** A {@code Content-Disposition} value, {@code data[from, to)}: why it is refused, or {@code null}. */
    private String disposition(byte[] data, int from, int to) {
        if (seenDisposition) {
            return "two Content-Disposition headers in a part";
        }
        nameStart = -1;
        hasFilename = false;
        otherParameter = false;
        if (!HeaderParameters.read(data, from, to, false, this) || !formData) {
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

    /** Notes what a {@code Content-Disposition} value is: form-data or not. */
    @Override
    public boolean value(byte[] data, int start, int end) {
        formData = equalsIgnoreCase(data, start, end, FORM_DATA);
        return true;
    }

    /**
     * Notes where its {@code name} lies, whether it has a {@code filename}, and any other parameter; refuses a
     * repeated name or filename.
     */
    @Override
    public boolean parameter(byte[] data, int keyStart, int keyEnd, int valueStart, int valueEnd) {
        if (equalsIgnoreCase(data, keyStart, keyEnd, NAME)) {
            if (nameStart >= 0) {
                return false;
            }
            nameStart = valueStart;
            nameEnd = valueEnd;
        } else if (equalsIgnoreCase(data, keyStart, keyEnd, FILENAME)) {
            if (hasFilename) {
                return false;
            }
            hasFilename = true;
        } else {
            otherParameter = true;
        }
        return true;
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
