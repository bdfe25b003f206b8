package com.playtcha.jakarta.benchmarks.crossed;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The scenarios' pages, one line of plain text each, by servlet path: {@code /form} answers
 * {@code form <outcome>} with the guard's {@code com.playtcha.outcome}; {@code /login} the login page;
 * {@code /login-error} the form-error page with the guard's {@code com.playtcha.error-code};
 * {@code /secure/*} the remote user. Copied into the web application's {@code WEB-INF/classes}, so that
 * its class loader, not the server's, loads it.
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String page = switch (request.getServletPath()) {
            case "/form" -> "form " + request.getAttribute("com.playtcha.outcome");
            case "/login" -> "login page";
            case "/login-error" -> "login error page, error-code=" + request.getAttribute("com.playtcha.error-code");
            default -> "user=" + request.getRemoteUser();
        };
        response.getWriter().print(page);
    }
}
