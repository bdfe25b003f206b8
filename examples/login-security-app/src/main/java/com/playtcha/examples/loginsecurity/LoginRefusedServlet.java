package com.playtcha.examples.loginsecurity;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for a failed login's statuses (401 for a wrong password, which {@link LoginMechanism}
 * answers; 403, 429, 503 for a login {@code @PlaytchaLogin} refused; web.xml), so that a browser gets
 * the form back to try again, not the container's bare error page. It says why ({@code com.playtcha.error-code}: {@code token_required} when the login needed a
 * token and the post carried none) and shows the widget when the attempt needed a token, as every
 * refused one did. A script
 * that asks for JSON never gets here: it gets the envelope, with {@code login_needs_token}.
 */
public class LoginRefusedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status instanceof Integer code) {
            response.setStatus(code); // the refusal's status, whatever the runtime's error dispatch left
        }
        Object code = request.getAttribute(PlaytchaFilter.ERROR_CODE);
        String reason;
        if (code == null && Integer.valueOf(HttpServletResponse.SC_UNAUTHORIZED).equals(status)) {
            reason = "Wrong user name or password.";
        } else if (code == null) {
            reason = "You may not see this page.";
        } else if ("token_required".equals(code)) {
            reason = "Please solve the captcha to log in.";
        } else if ("unavailable".equals(request.getAttribute(PlaytchaFilter.OUTCOME))) {
            reason = "Logging in is not possible right now; try again in a minute.";
        } else {
            reason = "The captcha check failed (" + code + "); solve it again.";
        }
        LoginForm.write(request, response, reason, code);
    }
}
