package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginDoor;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * The login door ({@link LoginProtocol}, its side in {@link LoginDoor}) of a runtime whose filters run before
 * its FORM login (Open Liberty), mapped onto {@code /*} by {@link PlaytchaInitializer}: hands every login post
 * ({@link LoginPost#isLoginAction}) to the published guard, with the real chain, so the login runs within
 * the guard's call, then reports the realm's answer as read from the response ({@link #outcome}). See
 * design/web.md.
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
        // Only a login post asks for the guard: one the door cannot read fails that post, not every request.
        Filter guard = LoginPost.isLoginAction(request.getRequestURI()) ? LoginDoor.guard(getServletContext()) : null;
        if (guard != null) {
            boolean loggedIn = request.getUserPrincipal() != null;
            guard.doFilter(request, response, chain);
            report(request, response, login, loggedIn);
        } else {
            chain.doFilter(request, response);
        }
    }

    /**
     * Tells the {@link LoginProtocol#OUTCOME} on {@code request}, if any, what the login that ran answered a
     * request that was {@code loggedIn} before it or not.
     */
    static void report(HttpServletRequest request, HttpServletResponse response, FormLoginConfig login, boolean loggedIn) {
        Boolean accepted = outcome(request, response, login, loggedIn);
        LoginDoor.Handover handover = LoginDoor.outcome(request);
        if (accepted != null && handover.wantsOutcome()) {
            handover.realmAnswered(accepted);
        }
    }

    /**
     * What a FORM login that ran in the chain answered: {@code FALSE} when redirected to the form-error page;
     * {@code TRUE} when newly authenticated or redirected elsewhere than the login's pages; {@code null}
     * when it cannot be told.
     */
    static Boolean outcome(HttpServletRequest request, HttpServletResponse response, FormLoginConfig login, boolean loggedIn) {
        String path = redirect(response);
        String context = request.getContextPath();
        if (path != null && path.equals(context + login.errorPage())) {
            return Boolean.FALSE;
        }
        if (!loggedIn && request.getUserPrincipal() != null) {
            return Boolean.TRUE;
        }
        return path == null || path.equals(context + login.loginPage()) ? null : Boolean.TRUE;
    }

    /** The path a redirect points to, or {@code null} when the response is none or its location unreadable. */
    private static String redirect(HttpServletResponse response) {
        String location = response.getHeader("Location");
        if (response.getStatus() / 100 != 3 || location == null) {
            return null;
        }
        try {
            return URI.create(location).getPath();
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
