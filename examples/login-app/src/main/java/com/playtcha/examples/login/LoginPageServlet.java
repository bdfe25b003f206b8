package com.playtcha.examples.login;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login page ({@code <form-login-page>}), which the container shows when a visitor asks for a page
 * behind the login: the form, with the widget only when the next attempt needs a token
 * ({@link LoginForm}).
 */
public class LoginPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LoginForm.write(request, response, null, null, false);
    }
}
