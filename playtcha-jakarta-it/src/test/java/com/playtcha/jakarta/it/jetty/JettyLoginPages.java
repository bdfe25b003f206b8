package com.playtcha.jakarta.it.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login WARs' pages, by path: {@code /login-error} (the form-error page: what the guard published,
 * the status it is shown with, whether a session exists), {@code /secure/whoami} (the logged-in user)
 * and {@code /hook} (which door announced itself). Attribute names are strings: the test JVM does not
 * load the library. With the context parameter {@value #SHOW_NEEDS_TOKEN} {@code true} (the login-policy
 * WARs), the error page ends with {@code needs-token=} and the request attribute
 * {@code com.playtcha.login-needs-token}.
 */
public class JettyLoginPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Context parameter: the error page says what com.playtcha.login-needs-token holds. */
    static final String SHOW_NEEDS_TOKEN = "show-needs-token";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        String text = switch (path) {
            case "/login-error" -> "error-page"
                    + " status=" + response.getStatus()
                    + " outcome=" + request.getAttribute("com.playtcha.outcome")
                    + " code=" + request.getAttribute("com.playtcha.error-code")
                    + " spent=" + request.getAttribute("com.playtcha.token-spent")
                    + " session=" + (request.getSession(false) != null)
                    + (Boolean.parseBoolean(getServletContext().getInitParameter(SHOW_NEEDS_TOKEN))
                            ? " needs-token=" + request.getAttribute("com.playtcha.login-needs-token") : "");
            case "/secure/whoami" -> "user=" + request.getRemoteUser();
            case "/hook" -> "hook=" + getServletContext().getAttribute("com.playtcha.jakarta.login.hook");
            default -> "page=" + path;
        };
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(text);
    }
}
