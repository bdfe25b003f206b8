package com.playtcha.jakarta.it.app.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The resource behind a login: who the caller is, and what Playtcha decided on the way. */
@WebServlet({"/api/login", "/secure/whoami", "/login-error"})
public class WhoAmI extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LoginEcho.write(request, response, null);
    }
}
