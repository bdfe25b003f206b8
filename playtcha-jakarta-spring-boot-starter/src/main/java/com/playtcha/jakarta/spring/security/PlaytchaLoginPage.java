package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.WebLogin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * What a login page reads to know whether to show the widget: the request attribute {@code playtcha},
 * a map that answers {@code loginNeedsToken} ({@code ${playtcha.loginNeedsToken}} in Thymeleaf, JSP or
 * FreeMarker) from {@link PlaytchaLoginGuard#needsToken} when the page asks, so a request that shows no
 * login page pays nothing. A login attempt's own request carries the attempt's answer instead.
 */
final class PlaytchaLoginPage extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient PlaytchaLoginGuard guard;

    PlaytchaLoginPage(PlaytchaLoginGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(WebLogin.EL_NAME) == null) {
            request.setAttribute(WebLogin.EL_NAME, new Asked(guard, request));
        }
        chain.doFilter(request, response);
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

        private boolean needsToken() {
            if (answer == null) {
                answer = guard.needsToken(request);
            }
            return answer;
        }
    }
}
