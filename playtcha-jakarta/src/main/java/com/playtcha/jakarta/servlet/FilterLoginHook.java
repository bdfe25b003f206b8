package com.playtcha.jakarta.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login hook ({@link LoginHooks}) of a runtime whose filters run before its FORM login (Open
 * Liberty): a filter that {@link PlaytchaInitializer} maps onto {@code /*}, for REQUEST dispatches and
 * before the application's own filters. It hands every request whose path ends in the segment
 * {@code j_security_check} ({@link LoginHooks#isLoginAction}) to the published login guard, and lets
 * every other request pass after one look at its path. A PlaytchaFilter's own mapping onto
 * {@code /j_security_check} is not enough there: Open Liberty takes {@code /sub/j_security_check} or
 * {@code /j_security_check/} for the login too.
 */
final class FilterLoginHook extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The name the hook is registered under. */
    static final String NAME = "playtcha-login-hook";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (getServletContext().getAttribute(LoginHooks.GUARD) instanceof Filter guard
                && LoginHooks.isLoginAction(request.getRequestURI())) {
            guard.doFilter(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }
}
