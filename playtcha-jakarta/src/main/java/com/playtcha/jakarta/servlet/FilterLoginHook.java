package com.playtcha.jakarta.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.function.Consumer;

/**
 * The login hook ({@link LoginHooks}) of a runtime whose filters run before its FORM login (Open
 * Liberty): a filter that {@link PlaytchaInitializer} maps onto {@code /*}, for REQUEST dispatches and
 * before the application's own filters. It hands every request whose path ends in the segment
 * {@code j_security_check} ({@link LoginHooks#isLoginAction}) to the published login guard, and lets
 * every other request pass after one look at its path. A PlaytchaFilter's own mapping onto
 * {@code /j_security_check} is not enough there: Open Liberty takes {@code /sub/j_security_check} or
 * {@code /j_security_check/} for the login too.
 *
 * <p>It reports the realm's answer ({@link LoginHooks#OUTCOME}) once the login has run, read from what
 * the login left ({@link #outcome}): the container tells a filter nothing else.
 */
final class FilterLoginHook extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The name the hook is registered under. */
    static final String NAME = "playtcha-login-hook";

    private transient FormLoginConfig login;

    @Override
    public void init() {
        login = FormLoginConfig.of(getServletContext());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (getServletContext().getAttribute(LoginHooks.GUARD) instanceof Filter guard
                && LoginHooks.isLoginAction(request.getRequestURI())) {
            guard.doFilter(request, response, chain);
            report(request, response, login);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Tells the {@link LoginHooks#OUTCOME} on {@code request}, if any, what the login that ran answered. */
    @SuppressWarnings("unchecked")
    static void report(HttpServletRequest request, HttpServletResponse response, FormLoginConfig login) {
        if (request.getAttribute(LoginHooks.OUTCOME) instanceof Consumer<?> outcome) {
            Boolean accepted = outcome(request, response, login);
            if (accepted != null) {
                ((Consumer<Boolean>) outcome).accept(accepted);
            }
        }
    }

    /**
     * What a FORM login that ran in the chain answered, seen from a filter around it: {@code TRUE} when
     * the request is authenticated or redirected elsewhere than the login's pages (Open Liberty redirects
     * a login to the page first asked for), {@code FALSE} when redirected to the form-error page (how it
     * answers a wrong password), {@code null} when it cannot be told (the login form shown again: no
     * password was checked).
     */
    static Boolean outcome(HttpServletRequest request, HttpServletResponse response, FormLoginConfig login) {
        if (request.getUserPrincipal() != null) {
            return Boolean.TRUE;
        }
        String location = response.getHeader("Location");
        if (response.getStatus() / 100 != 3 || location == null) {
            return null;
        }
        String path;
        try {
            path = URI.create(location).getPath();
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
        String context = request.getContextPath();
        if (path == null || path.equals(context + login.loginPage())) {
            return null;
        }
        return path.equals(context + login.errorPage()) ? Boolean.FALSE : Boolean.TRUE;
    }
}
