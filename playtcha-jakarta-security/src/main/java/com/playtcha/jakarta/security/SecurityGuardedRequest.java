package com.playtcha.jakarta.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.servlet.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The request of a guarded {@code validateRequest} call as {@link PlaytchaLoginInterceptor} hands it
 * to the web guard: the servlet request's attributes, and its token from the header or else the
 * request parameter. The parameter is read only from the query string and urlencoded bodies (the
 * container parses those for any mechanism that asks); a multipart or JSON body is left alone, as a
 * mechanism runs before the servlet that knows how to read it. A body the container cannot parse
 * (a malformed escape, a charset it does not know) gives no token: the attempt is refused
 * {@code missing_token}, a 4xx, where the container's exception would have been a 500.
 */
final class SecurityGuardedRequest extends ServletRequestView {

    private static final String MULTIPART = "multipart/";

    /** The settings whose {@code token-header} and {@code token-parameter} name the token: asked for when it is read. */
    private final Supplier<PlaytchaSettings> settings;

    SecurityGuardedRequest(HttpServletRequest request, Supplier<PlaytchaSettings> settings) {
        super(request);
        this.settings = settings;
    }

    /** The servlet request this view reads. */
    HttpServletRequest servletRequest() {
        return request;
    }

    /** The header's first value, as the filters read it, else the parameter (never from a multipart body). */
    @Override
    public String token() {
        String fromHeader = request.getHeader(settings.get().tokenHeader());
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MULTIPART)) {
            return null;
        }
        try {
            return request.getParameter(settings.get().tokenParameter());
        } catch (RuntimeException unparsable) {
            // Jetty: a BadMessageException (400) for "%zz" or "charset=x-unknown"; thrown out of the
            // mechanism, every runtime would answer it 500.
            return null;
        }
    }
}
