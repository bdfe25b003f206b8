package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.internal.web.servlet.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A servlet request as {@code PlaytchaFilter} hands it to the web guard. Finding the token may read
 * a multipart body ({@link TokenFinder}); the request to continue with is then a wrapper that puts
 * what was read back, and the attributes go on that one: {@link #continued()}.
 */
final class ServletGuardedRequest extends ServletRequestView {

    private final TokenFinder tokens;
    private HttpServletRequest continued;

    ServletGuardedRequest(HttpServletRequest request, TokenFinder tokens) {
        super(request);
        this.tokens = tokens;
        this.continued = request;
    }

    /** The request to pass down the chain or answer: the original, or the wrapper finding the token made. */
    HttpServletRequest continued() {
        return continued;
    }

    /** The attributes go on the request that continues. */
    @Override
    protected HttpServletRequest attributes() {
        return continued;
    }

    @Override
    public String token() throws IOException {
        TokenFinder.Found found = tokens.find(request);
        continued = found.request();
        return found.token();
    }
}
