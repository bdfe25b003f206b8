package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.spi.web.LoginRenderer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * What a login page reads to know whether to show the widget, the same two names as on every other door
 * (docs/login.md, "What the page reads"): the request attribute {@code playtcha}, a {@code java.util.Map}
 * whose one key {@code loginNeedsToken} holds a {@code Boolean} ({@code ${playtcha.loginNeedsToken}} in
 * Thymeleaf, JSP or FreeMarker), and the request attribute {@code com.playtcha.login-needs-token}, the same
 * {@code Boolean}. Spring Security does not tell which view is the login page, so both are on every request
 * (requests, forwards, error pages), answered from {@link PlaytchaLoginGuard#needsToken} once, when first
 * read: a request that shows no login page pays nothing. For that the request is wrapped, and the Boolean
 * is not among {@code getAttributeNames()} until a login attempt sets it. A login attempt's own request
 * carries the attempt's answer instead.
 *
 * <p>Internal to the starter, not an API: public so that {@code PlaytchaSecurityAutoConfiguration}, a floor up, can register it.
 */
public final class PlaytchaLoginPage extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient PlaytchaLoginGuard guard;

    /** The answer of {@code guard}. */
    public PlaytchaLoginPage(PlaytchaLoginGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object named = request.getAttribute(LoginRenderer.EL_NAME);
        boolean answered = named != null && !(named instanceof Asked);
        if (answered || request instanceof ServletRequestWrapper wrapper && wrapper.isWrapperFor(Page.class)) {
            chain.doFilter(request, response); // an attempt's answer, or this request's own, already set
            return;
        }
        Asked asked = named instanceof Asked earlier ? earlier : new Asked(guard, request); // an error page after the request
        request.setAttribute(LoginRenderer.EL_NAME, asked);
        chain.doFilter(new Page(request, asked), response);
    }

    /** The request, whose {@code com.playtcha.login-needs-token} is {@link Asked}'s answer until an attempt sets its own. */
    private static final class Page extends HttpServletRequestWrapper {
        private final Asked asked;

        Page(HttpServletRequest request, Asked asked) {
            super(request);
            this.asked = asked;
        }

        @Override
        public Object getAttribute(String name) {
            Object value = super.getAttribute(name);
            return value == null && LoginRenderer.NEEDS_TOKEN_ATTRIBUTE.equals(name) ? asked.needsToken() : value;
        }
    }

    /** {@code loginNeedsToken}, asked of the guard once, when read. */
    private static final class Asked extends AbstractMap<String, Object> {
        private final PlaytchaLoginGuard guard;
        private final HttpServletRequest request;
        private Boolean answer;

        Asked(PlaytchaLoginGuard guard, HttpServletRequest request) {
            this.guard = guard;
            this.request = request;
        }

        @Override
        public Object get(Object key) {
            return "loginNeedsToken".equals(key) ? needsToken() : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return "loginNeedsToken".equals(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Map.<String, Object>of("loginNeedsToken", needsToken()).entrySet();
        }

        Boolean needsToken() {
            if (answer == null) {
                answer = guard.needsToken(request);
            }
            return answer;
        }
    }
}
