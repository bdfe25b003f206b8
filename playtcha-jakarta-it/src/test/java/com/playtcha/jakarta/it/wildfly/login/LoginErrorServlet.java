package com.playtcha.jakarta.it.wildfly.login;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The {@code <form-error-page>} ({@code /login-error}): shown by the container after a wrong
 * password and by the login guard after a refused token, with the status each set. Prints
 * {@code page=login-error}, the decision's attributes a page would read (which say why, and
 * whether the widget must be reset), whether a session exists, and which login door announced
 * itself ({@code com.playtcha.jakarta.login.hook}).
 */
public class LoginErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final List<String> ATTRIBUTES = List.of("com.playtcha.outcome", "com.playtcha.error-code",
            "com.playtcha.token-spent", "com.playtcha.ledger-id", "com.playtcha.failed-open",
            "com.playtcha.login-needs-token");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        StringBuilder page = new StringBuilder("page=login-error\n");
        for (String name : ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                page.append(name).append('=').append(value).append('\n');
            }
        }
        page.append("session=").append(request.getSession(false) != null).append('\n');
        page.append("hook=").append(request.getServletContext().getAttribute("com.playtcha.jakarta.login.hook")).append('\n');
        response.getWriter().print(page);
    }
}
