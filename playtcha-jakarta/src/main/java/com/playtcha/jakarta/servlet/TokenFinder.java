package com.playtcha.jakarta.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Finds the token a request carries: the header first (a blank one is absent), then the form field,
 * urlencoded or multipart ({@link MultipartPrefix} without {@code @MultipartConfig}); never a JSON body
 * (docs/behaviour.md, "The filter").
 */
final class TokenFinder {

    /** The token (or {@code null}) and the request to continue with (a wrapper when the body was read). */
    record Found(String token, HttpServletRequest request) {
    }

    /** Longer than any token: the verifier rejects anything over 8 KiB as malformed. */
    private static final int MAX_VALUE_CHARS = 8 * 1024 + 1;
    private static final System.Logger LOG = System.getLogger(TokenFinder.class.getName());
    private static final String MULTIPART = "multipart/form-data";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String header;
    private final String field;

    TokenFinder(String header, String field) {
        this.header = header;
        this.field = field;
    }

    Found find(HttpServletRequest request) throws IOException {
        String fromHeader = request.getHeader(header);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return new Found(fromHeader, request);
        }
        String contentType = request.getContentType();
        // In any case, without a lower-cased copy of the header per request.
        boolean multipart = contentType != null && contentType.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length());
        boolean form = contentType != null && contentType.regionMatches(true, 0, FORM, 0, FORM.length());
        String charset = request.getCharacterEncoding();
        if ((multipart || form) && charset != null && HeaderParameters.charset(charset) == null) {
            LOG.log(System.Logger.Level.INFO, "Form body not read: its charset is not one this JVM knows "
                    + "[content_type={0}, field={1}]", MultipartPrefix.printable(contentType), field);
            return new Found(null, request);
        }
        if (multipart) {
            return fromMultipart(request, contentType);
        }
        return new Found(request.getParameter(field), request);
    }

    private Found fromMultipart(HttpServletRequest request, String contentType) throws IOException {
        Part part;
        try {
            part = request.getPart(field);
        } catch (IllegalStateException noMultipartConfig) {
            // The target servlet has no @MultipartConfig (or the body is over its limits):
            // read the body ourselves, and hand it on intact.
            return readOurselves(request, contentType);
        } catch (ServletException | IOException malformed) {
            // Jetty 12 reports the IllegalStateException the spec asks for wrapped in a
            // ServletException (via its BadMessageException), with the body still unread.
            return causedBy(malformed, IllegalStateException.class) ? readOurselves(request, contentType)
                    : new Found(null, request);
        } catch (NullPointerException noServlet) {
            // Tomcat, where no servlet is mapped (an embedded Tomcat without a default servlet, a login
            // post): it looks for the multipart config of a servlet that is not there, before it reads.
            return readOurselves(request, contentType);
        }
        if (part == null) {
            return new Found(null, request);
        }
        try (InputStream in = part.getInputStream()) {
            byte[] value = in.readNBytes(MAX_VALUE_CHARS);
            return new Found(new String(value, StandardCharsets.UTF_8), request);
        }
    }

    /** A body the container refuses to us (its own size limits) gives no token: a 4xx, not a 500. */
    private Found readOurselves(HttpServletRequest request, String contentType) throws IOException {
        try {
            return MultipartPrefix.find(request, contentType, field);
        } catch (IllegalStateException bodyAlreadyTaken) {
            return new Found(null, request);
        }
    }

    /** Whether a cause of {@code thrown} (a few levels deep: containers wrap, not loop) is a {@code type}. */
    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        Throwable cause = thrown.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
