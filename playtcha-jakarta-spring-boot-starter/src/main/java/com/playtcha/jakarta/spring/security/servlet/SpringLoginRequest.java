package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.spi.servlet.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * A login's request as the guard reads it: its token from the {@code token-header} header, else the
 * {@code token-parameter} parameter of the query or an urlencoded body (never a multipart or JSON body,
 * which the login filter does not parse either: send the header). A body the container cannot parse
 * gives no token, a 4xx refusal rather than a 500.
 */
final class SpringLoginRequest extends ServletRequestView {

    private final String header;
    private final String parameter;

    /** {@code header} and {@code parameter}: the settings' {@code token-header} and {@code token-parameter}. */
    SpringLoginRequest(HttpServletRequest request, String header, String parameter) {
        super(request);
        this.header = header;
        this.parameter = parameter;
    }

    @Override
    public String token() {
        String fromHeader = request.getHeader(header);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        try {
            return request.getParameter(parameter);
        } catch (RuntimeException unparsable) {
            return null;
        }
    }
}
