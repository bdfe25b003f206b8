package com.playtcha.jakarta.it.payara;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The login WARs' pages, by servlet path, as {@code key=value} lines: {@code /login} (the
 * form-login page), {@code /login-error} (the form-error page: the {@code com.playtcha.*} attributes
 * the login guard or Payara left), {@code /secure/whoami} (the logged-in user) and {@code /realm-probe}
 * (one password check of {@link PayaraLogin#PROBE_USER} against the realm, which marks the security
 * audit log; see {@link RealmAudit}).
 */
public class PayaraLoginPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The attributes the error page shows, named as strings: the test JVM must not need the library. */
    static final List<String> ATTRIBUTES = List.of("com.playtcha.outcome", "com.playtcha.error-code",
            "com.playtcha.failed-open", "com.playtcha.token-spent", "com.playtcha.ledger-id",
            "com.playtcha.login-needs-token");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        switch (request.getServletPath()) {
            case "/login" -> out.append("page=login\n");
            case "/login-error" -> {
                out.append("page=login-error\n");
                for (String name : ATTRIBUTES) {
                    Object value = request.getAttribute(name);
                    if (value != null) {
                        out.append(name).append('=').append(value).append('\n');
                    }
                }
            }
            case "/secure" -> out.append("page=whoami\nuser=").append(request.getRemoteUser()).append('\n');
            case "/realm-probe" -> {
                try {
                    request.login(PayaraLogin.PROBE_USER, "no password");
                    out.append("probe=logged-in\n");
                } catch (ServletException expected) {
                    out.append("probe=refused\n");
                }
            }
            default -> {
                response.sendError(404);
                return;
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }
}
