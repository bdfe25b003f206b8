package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.internal.web.LoginPolicy;
import com.playtcha.jakarta.internal.web.Rejection;
import com.playtcha.jakarta.internal.web.servlet.ServletRejection;
import com.playtcha.jakarta.internal.web.servlet.ServletRequestView;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers a refused login post the way the login answers a wrong password, so the login page needs
 * nothing new to show it: a client that prefers JSON gets the status and the envelope; a browser gets
 * the application's {@code <form-error-page>} with the refusal's status, the decision attributes
 * readable on the request; without a known form-error page, {@code sendError} (the application's
 * {@code <error-page>} applies). Every answer carries {@value LoginHooks#TOKEN_SPENT_HEADER} and
 * {@value LoginPage#NEEDS_TOKEN_HEADER} (a refusal: {@code true}, also as {@code login_needs_token} in its
 * JSON, and on the request for the page, {@link LoginPage}). In
 * {@link LoginHooks#DESCRIBE describe mode} nothing is written: the refusal is described in request
 * attributes for the hook to answer.
 */
final class LoginRefusal {

    private LoginRefusal() {
    }

    /**
     * Prepares a login post that goes on: the headers, what the page reads, and {@link LoginHooks#OUTCOME}
     * unless an earlier guard put one there (noting, for {@link FilterLoginHook#report}, whether the request
     * was logged in already).
     *
     * @param outcome where to report the realm's answer, or {@code null} when nothing is counted
     */
    static void proceeding(HttpServletRequest request, HttpServletResponse response, boolean tokenSpent,
            boolean needsToken, Consumer<Boolean> outcome) {
        response.setHeader(LoginHooks.TOKEN_SPENT_HEADER, Boolean.toString(tokenSpent));
        response.setHeader(LoginPage.NEEDS_TOKEN_HEADER, Boolean.toString(needsToken));
        ServletRequestView.loginNeedsToken(request, needsToken);
        if (outcome != null && request.getAttribute(LoginHooks.OUTCOME) == null) {
            request.setAttribute(LoginHooks.OUTCOME, outcome);
            request.setAttribute(FilterLoginHook.LOGGED_IN, request.getUserPrincipal() != null);
        }
    }

    /**
     * Answers the refused login post {@code request}.
     *
     * @param errorPage the application's form-error page from its web.xml, or {@code null}; a page the
     *                  hook set in {@link LoginHooks#ERROR_PAGE} wins
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, LoginPolicy.Attempt.Refused refused,
            String errorPage) throws IOException, ServletException {
        Rejection rejection = refused.rejection().withHeader(LoginHooks.TOKEN_SPENT_HEADER, Boolean.toString(refused.tokenSpent()));
        ServletRequestView.loginNeedsToken(request, true);
        Map<String, String> headers = rejection.headers();
        String page = rejection.json() != null ? null
                : request.getAttribute(LoginHooks.ERROR_PAGE) instanceof String told ? told : errorPage;
        if (Boolean.TRUE.equals(request.getAttribute(LoginHooks.DESCRIBE))) {
            request.setAttribute(LoginHooks.REFUSAL_STATUS, rejection.status());
            request.setAttribute(LoginHooks.REFUSAL_HEADERS, headers);
            ServletRequestView.attribute(request, LoginHooks.REFUSAL_JSON, rejection.json());
            ServletRequestView.attribute(request, LoginHooks.REFUSAL_PAGE, page);
            return;
        }
        if (page == null) {
            ServletRejection.write(response, rejection);
            return;
        }
        headers.forEach(response::setHeader);
        response.setStatus(rejection.status());
        // What the container's FORM login does for a wrong password: the same request, forwarded.
        request.getRequestDispatcher(page).forward(request, response);
    }
}
