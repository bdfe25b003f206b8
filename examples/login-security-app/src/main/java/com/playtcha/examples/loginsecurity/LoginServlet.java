package com.playtcha.examples.loginsecurity;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The login form, and what a login post comes back to.
 * <ul>
 *   <li>{@code GET /login}: the form.</li>
 *   <li>{@code POST /login} after {@link LoginMechanism} logged the caller in: on to the account
 *       page (303).</li>
 *   <li>{@code POST /login} with a wrong password: the form again, 401. The token was spent on the
 *       try ({@code com.playtcha.token-spent}), so the form asks for a fresh widget.</li>
 * </ul>
 * A login the guard refuses never gets here: the guard answers it with the refusal's status (403,
 * 429, 503), a browser through the container's error page, a script that asks for JSON with the
 * envelope {@code {"error": {...}}}; the {@code Playtcha-Token-Spent} header says on every login post
 * whether the widget needs a fresh token.
 */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() != null) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getContextPath() + "/account");
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            form(request, response, "Wrong user name or password.");
        }
    }

    private static void form(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        boolean spent = Boolean.TRUE.equals(request.getAttribute(PlaytchaFilter.TOKEN_SPENT));
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Log in</title></head><body>");
        if (reason != null) {
            out.println("<p id=\"reason\">" + Html.escape(reason) + "</p>");
        }
        out.println("<form method=\"post\" action=\"" + Html.escape(request.getContextPath()) + "/login\" data-reset-widget=\""
                + spent + "\">");
        out.println("<label>User <input name=\"username\"></label>");
        out.println("<label>Password <input name=\"password\" type=\"password\"></label>");
        out.println("<label>playtcha-token (the widget fills this) <input name=\"playtcha-token\" value=\"\"></label>");
        out.println("<button>Log in</button></form></body></html>");
    }
}
