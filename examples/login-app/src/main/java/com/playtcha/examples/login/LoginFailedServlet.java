package com.playtcha.examples.login;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The form-error page, for a wrong password and a refused token alike. The container forwards a
 * wrong password here (status 200); PlaytchaFilter's guard forwards a refused token here with the
 * refusal's status (403, 429, 503) and its attributes, so the page can say which it was. Either way,
 * when {@code com.playtcha.token-spent} is true the widget's token is used up: the page renders the
 * form with a fresh widget (here: an empty token field, and {@code data-reset-widget}).
 */
public class LoginFailedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(PlaytchaFilter.ERROR_CODE);
        boolean spent = Boolean.TRUE.equals(request.getAttribute(PlaytchaFilter.TOKEN_SPENT));
        String reason;
        if (code == null) {
            reason = "Wrong user name or password.";
        } else if ("unavailable".equals(request.getAttribute(PlaytchaFilter.OUTCOME))) {
            reason = "Logging in is not possible right now; try again in a minute.";
        } else {
            reason = "The captcha check failed (" + code + "); solve it again.";
        }
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Log in</title></head><body>");
        out.println("<p id=\"reason\" data-code=\"" + Html.escape(code == null ? "" : code) + "\">" + Html.escape(reason) + "</p>");
        out.println("<form method=\"post\" action=\"j_security_check\" data-reset-widget=\"" + spent + "\">");
        out.println("<label>User <input name=\"j_username\"></label>");
        out.println("<label>Password <input name=\"j_password\" type=\"password\"></label>");
        out.println("<label>playtcha-token (the widget fills this) <input name=\"playtcha-token\" value=\"\"></label>");
        out.println("<button>Log in</button></form></body></html>");
    }
}
