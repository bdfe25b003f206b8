package com.playtcha.jakarta.it.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/** What the login scenarios' pages answer: {@code key=value} lines of the caller and the Playtcha attributes. */
final class LoginEcho {

    private LoginEcho() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, String status) throws IOException {
        Principal caller = request.getUserPrincipal();
        StringBuilder out = new StringBuilder();
        if (status != null) {
            out.append("status=").append(status).append('\n');
        }
        out.append("caller=").append(caller == null ? "" : caller.getName()).append('\n');
        for (String name : new String[] {"com.playtcha.outcome", "com.playtcha.error-code", "com.playtcha.token-spent",
                "com.playtcha.login-needs-token"}) {
            out.append(name).append('=').append(request.getAttribute(name)).append('\n');
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }
}
