package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.internal.web.GuardedRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A servlet request as {@code PlaytchaFilter} hands it to the web guard. Finding the token may read
 * a multipart body ({@link TokenFinder}); the request to continue with is then a wrapper that puts
 * what was read back, and the attributes go on that one: {@link #continued()}.
 */
final class ServletGuardedRequest implements GuardedRequest {

    private final HttpServletRequest request;
    private final TokenFinder tokens;
    private HttpServletRequest continued;

    ServletGuardedRequest(HttpServletRequest request, TokenFinder tokens) {
        this.request = request;
        this.tokens = tokens;
        this.continued = request;
    }

    /** The request to pass down the chain or answer: the original, or the wrapper finding the token made. */
    HttpServletRequest continued() {
        return continued;
    }

    @Override
    public Object attribute(String name) {
        return continued.getAttribute(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            continued.removeAttribute(name);
        } else {
            continued.setAttribute(name, value);
        }
    }

    @Override
    public String header(String name) {
        return GuardedRequest.joined(request.getHeaders(name));
    }

    @Override
    public String rawPath() {
        return request.getRequestURI();
    }

    @Override
    public String clientAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public String token() throws IOException {
        TokenFinder.Found found = tokens.find(request);
        continued = found.request();
        return found.token();
    }
}
