package com.playtcha.examples.loginsecurity;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login form, and what a login post comes back to.
 * <ul>
 *   <li>{@code GET /login}: the form ({@link LoginForm}), without the widget: a plain visit is no
 *       login attempt, and most users type their password right.</li>
 *   <li>{@code POST /login} after {@link LoginMechanism} logged the caller in: on to the account
 *       page (303).</li>
 *   <li>{@code POST /login} with a wrong password: {@link LoginMechanism} answers 401, and the error
 *       page for it ({@link LoginRefusedServlet}) shows the form again; a runtime that still calls this
 *       servlet gets the same form here, 401. Either way with the widget when this attempt needed a
 *       token ({@code com.playtcha.login-needs-token}), and asking for a fresh token when the try spent
 *       it ({@code com.playtcha.token-spent}).</li>
 * </ul>
 * A login the guard refuses never gets here: the guard answers it with the refusal's status (403,
 * 429, 503), a browser through {@link LoginRefusedServlet} (the form again, with the widget), a
 * script that asks for JSON with the envelope {@code {"error": {...}}}; the {@code Playtcha-Token-Spent}
 * and {@code Playtcha-Login-Needs-Token} headers say on every login post whether the widget needs a
 * fresh token and whether that attempt needed one.
 */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LoginForm.write(request, response, null, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() != null) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getContextPath() + "/account");
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            LoginForm.write(request, response, "Wrong user name or password.", null);
        }
    }
}
