package com.playtcha.jakarta.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The header lines of one part of a {@code multipart/form-data} body, as {@link MultipartScanner}
 * finds them: whether this part is the field, and whether its headers are refused (the rules are in
 * the scanner's class comment). Each step answers why it refuses, or {@code null}.
 */
final class PartHeaders {

    private final byte[] field;
    private boolean seenDisposition;
    private boolean isField;
    private boolean onlyFieldHeaders;
    /** Why this part's {@code Content-Type} cannot be the field's, or {@code null}. */
    private String badContentType;

    /** @param field the form field's name */
    PartHeaders(String field) {
        this.field = field.getBytes(StandardCharsets.UTF_8);
    }

    /** A new part's headers begin. */
    void start() {
        seenDisposition = false;
        isField = false;
        onlyFieldHeaders = true;
        badContentType = null;
    }

    /** Whether the current part is the field (its {@code name} is the field's, and it is no file). */
    boolean isField() {
        return isField;
    }

    /** The header line {@code data[start, end)}, without its CRLF: why it is refused, or {@code null}. */
    String line(byte[] data, int start, int end) {
        int colon = start;
        while (colon < end && HeaderParameters.isTokenChar((char) data[colon])) {
            colon++;
        }
        if (colon == start || colon == end || data[colon] != ':') {
            return "a header line that is not name: value";
        }
        String name = new String(data, start, colon - start, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        if (name.equals("content-disposition")) {
            return disposition(new String(data, colon + 1, end - colon - 1, StandardCharsets.UTF_8));
        }
        if (name.equals("content-type")) {
            contentType(new String(data, colon + 1, end - colon - 1, StandardCharsets.UTF_8));
        } else {
            onlyFieldHeaders = false;
        }
        return null;
    }

    /** The blank line that ends the headers: why the part is refused, or {@code null}. */
    String end() {
        if (!seenDisposition) {
            return "a part without Content-Disposition";
        }
        if (isField && !onlyFieldHeaders) {
            return "the field's part has headers other than Content-Disposition and Content-Type";
        }
        if (isField && badContentType != null) {
            return badContentType;
        }
        return null;
    }

    /**
     * A part's {@code Content-Type}, judged only if the part turns out to be the field (its
     * disposition may come after it): a container decodes the field with the charset it names, and
     * fails on one it does not know (Jetty does), so such a field is refused, as is a header that
     * does not parse as a media type.
     */
    private void contentType(String value) {
        HeaderParameters parsed = HeaderParameters.parse(value, true);
        String charset = parsed == null ? null : parsed.parameters().get("charset");
        if (parsed == null) {
            badContentType = "the field's part has a Content-Type that is not type/subtype; name=value";
        } else if (charset != null && HeaderParameters.charset(charset) == null) {
            badContentType = "the field's part names a charset this JVM does not know";
        }
    }

    private String disposition(String value) {
        HeaderParameters parsed = HeaderParameters.parse(value, false);
        if (seenDisposition) {
            return "two Content-Disposition headers in a part";
        }
        if (parsed == null || !parsed.value().equals("form-data")) {
            return "a Content-Disposition that is not form-data; name=...";
        }
        if (!parsed.parameters().containsKey("name")
                || !parsed.parameters().keySet().stream().allMatch(p -> p.equals("name") || p.equals("filename"))) {
            return "a Content-Disposition with parameters other than name and filename";
        }
        seenDisposition = true;
        boolean named = Arrays.equals(parsed.parameters().get("name").getBytes(StandardCharsets.UTF_8), field);
        if (named && parsed.parameters().containsKey("filename")) {
            return "the field is a file";
        }
        isField = named;
        return null;
    }
}
