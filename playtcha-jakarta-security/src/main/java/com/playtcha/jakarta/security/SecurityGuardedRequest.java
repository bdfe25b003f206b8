package com.playtcha.jakarta.security;

import com.playtcha.jakarta.internal.web.servlet.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

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

    private final String tokenHeader;
    private final String tokenParameter;

    SecurityGuardedRequest(HttpServletRequest request, String tokenHeader, String tokenParameter) {
        super(request);
        this.tokenHeader = tokenHeader;
        this.tokenParameter = tokenParameter;
    }

    /** The header's first value, as the filters read it, else the parameter (never from a multipart body). */
    @Override
    public String token() {
        String fromHeader = request.getHeader(tokenHeader);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MULTIPART)) {
            return null;
        }
        try {
            return request.getParameter(tokenParameter);
        } catch (RuntimeException unparsable) {
            // Jetty: a BadMessageException (400) for "%zz" or "charset=x-unknown"; thrown out of the
            // mechanism, every runtime would answer it 500.
            return null;
        }
    }
}
