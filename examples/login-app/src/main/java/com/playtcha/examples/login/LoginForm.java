package com.playtcha.examples.login;

import com.playtcha.jakarta.servlet.LoginPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The login form, as the login page and the form-error page render it. The widget is shown only when
 * the next attempt needs a token: the request attribute {@link LoginPage#ATTRIBUTE}
 * ({@code com.playtcha.login-needs-token}, {@code ${playtcha.loginNeedsToken}} in a JSP), which the
 * library sets on both pages. With {@code login.require=after-failures} it is false until the account
 * tried, the client or the whole application has failed too often; then a post without a token is
 * refused {@code token_required} and comes back here, with the widget.
 */
final class LoginForm {

    private LoginForm() {
    }

    /**
     * Writes the page: {@code reason} (or none) above the form, with {@code data-code} the refusal's code,
     * and {@code data-reset-widget} when the token of the last try is used up.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, String reason, Object code, boolean spent)
            throws IOException {
        boolean widget = Boolean.TRUE.equals(request.getAttribute(LoginPage.ATTRIBUTE));
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Log in</title></head><body>");
        if (reason != null) {
            out.println("<p id=\"reason\" data-code=\"" + Html.escape(code == null ? "" : code) + "\">" + Html.escape(reason) + "</p>");
        }
        out.println("<form method=\"post\" action=\"j_security_check\" data-reset-widget=\"" + spent + "\">");
        out.println("<label>User <input name=\"j_username\" autocomplete=\"username\"></label>");
        out.println("<label>Password <input name=\"j_password\" type=\"password\" autocomplete=\"current-password\"></label>");
        if (widget) {
            // The Playtcha widget fills this hidden field with its token; a plain input stands in for it here.
            out.println("<label>playtcha-token (the widget fills this) <input name=\"playtcha-token\" value=\"\"></label>");
        }
        out.println("<button>Log in</button></form></body></html>");
    }
}
