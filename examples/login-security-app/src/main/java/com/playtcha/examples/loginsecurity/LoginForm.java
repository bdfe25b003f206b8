package com.playtcha.examples.loginsecurity;

import com.playtcha.jakarta.servlet.LoginPage;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The login form, as {@link LoginServlet} and {@link LoginRefusedServlet} render it. The widget is
 * shown only when a token is needed: the request attribute {@link LoginPage#ATTRIBUTE}
 * ({@code com.playtcha.login-needs-token}, {@code ${playtcha.loginNeedsToken}} in a JSP), which
 * {@code @PlaytchaLogin} sets on every login attempt. With {@code playtcha.login.require=after-failures}
 * it is false until the account tried, the client or the whole application has failed too often; then
 * a post without a token is refused {@code token_required}, and the refusal's page shows the widget.
 * A plain {@code GET /login} is no attempt and gets no attribute: the form without the widget.
 */
final class LoginForm {

    private LoginForm() {
    }

    /**
     * Writes the page: {@code reason} (or none) above the form, with {@code data-code} the refusal's
     * code, and {@code data-reset-widget} when the token of the last try is used up
     * ({@code com.playtcha.token-spent}).
     */
    static void write(HttpServletRequest request, HttpServletResponse response, String reason, Object code) throws IOException {
        boolean widget = Boolean.TRUE.equals(request.getAttribute(LoginPage.ATTRIBUTE));
        boolean spent = Boolean.TRUE.equals(request.getAttribute(PlaytchaFilter.TOKEN_SPENT));
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Log in</title></head><body>");
        if (reason != null) {
            out.println("<p id=\"reason\" data-code=\"" + Html.escape(code == null ? "" : code) + "\">" + Html.escape(reason) + "</p>");
        }
        out.println("<form method=\"post\" action=\"" + Html.escape(request.getContextPath()) + "/login\" data-reset-widget=\""
                + spent + "\">");
        out.println("<label>User <input name=\"username\" autocomplete=\"username\"></label>");
        out.println("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>");
        if (widget) {
            // The Playtcha widget fills this hidden field with its token; a plain input stands in for it here.
            out.println("<label>playtcha-token (the widget fills this) <input name=\"playtcha-token\" value=\"\"></label>");
        }
        out.println("<button>Log in</button></form></body></html>");
    }
}
