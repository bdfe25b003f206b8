package com.playtcha.jakarta.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Reads the first token field of an urlencoded body within {@link #MAX_PREFIX_BYTES}, and puts the body
 * back for the resource; a charset this JVM does not know gives no token. In Quarkus REST too, except
 * where Quarkus REST has read the form already: then the token is the form's ({@code QuarkusRest}).
 * See design/web.md.
 */
final class FormToken {

    /** The most of a form body read to find the token: the servlet side's multipart limit, 1 MiB. */
    static final int MAX_PREFIX_BYTES = 1024 * 1024;

    private FormToken() {
    }

    /** The field's value, or {@code null}; the request's entity stream is replaced by one that reads the same bytes. */
    static String read(ContainerRequestContext request, String field) throws IOException {
        MediaType type = request.getMediaType();
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)) {
            return null;
        }
        if (PlaytchaFeature.QUARKUS_REST && QuarkusRest.formRead(request)) {
            return charset(type) == null ? null : QuarkusRest.formField(request, field);
        }
        InputStream body = request.getEntityStream();
        byte[] prefix = body.readNBytes(MAX_PREFIX_BYTES + 1);
        boolean whole = prefix.length <= MAX_PREFIX_BYTES;
        request.setEntityStream(whole ? new ByteArrayInputStream(prefix)
                : new SequenceInputStream(new ByteArrayInputStream(prefix), body));
        Charset charset = charset(type);
        return charset == null ? null : find(prefix, Math.min(prefix.length, MAX_PREFIX_BYTES), whole, charset, field);
    }

    /** The first {@code field} among the pairs in {@code form[0, end)}: the last one only when {@code whole}, else it may be cut off. */
    private static String find(byte[] form, int end, boolean whole, Charset charset, String field) {
        int start = 0;
        while (start < end) {
            int amp = indexOf(form, (byte) '&', start, end);
            if (amp < 0 && !whole) {
                return null;
            }
            int pairEnd = amp < 0 ? end : amp;
            int equals = indexOf(form, (byte) '=', start, pairEnd);
            int nameEnd = equals < 0 ? pairEnd : equals;
            if (field.equals(decode(form, start, nameEnd, charset))) {
                return equals < 0 ? "" : decode(form, equals + 1, pairEnd, charset);
            }
            start = pairEnd + 1;
        }
        return null;
    }

    /** {@code null} for malformed escapes: no token, a 4xx, never a 500. */
    private static String decode(byte[] form, int from, int to, Charset charset) {
        try {
            return URLDecoder.decode(new String(form, from, to - from, charset), charset);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The form's charset, UTF-8 when it names none, or {@code null} when it names one this JVM does not know. */
    static Charset charset(MediaType type) {
        String name = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) { // UnsupportedCharsetException, IllegalCharsetNameException
            return null;
        }
    }
}
