package com.playtcha.examples.login;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form-error page, for a wrong password and a refused login alike. The container forwards a
 * wrong password here (status 200); PlaytchaFilter's guard forwards a refused login here with the
 * refusal's status (403, 429, 503) and its attributes, so the page can say which it was:
 * {@code token_required} when the login needs a token and the post carried none (the form then shows
 * the widget). When {@code com.playtcha.token-spent} is true the widget's token is used up: the form
 * asks for a fresh one ({@code data-reset-widget}).
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
        } else if ("token_required".equals(code)) {
            reason = "Please solve the captcha to log in.";
        } else if ("unavailable".equals(request.getAttribute(PlaytchaFilter.OUTCOME))) {
            reason = "Logging in is not possible right now; try again in a minute.";
        } else {
            reason = "The captcha check failed (" + code + "); solve it again.";
        }
        LoginForm.write(request, response, reason, code, spent);
    }
}
