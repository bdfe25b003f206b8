package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spi.servlet.ServletLoginAnswer;
import com.playtcha.jakarta.spi.servlet.ServletRejection;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A login post's {@link LoginAnswer} carried out as the container's FORM login answers (for the login guard and a
 * PlaytchaFilter a login post reaches): one that goes on is told on the response and the page
 * ({@link ServletLoginAnswer}), its outcome left in {@link LoginProtocol#OUTCOME} for the hook unless an earlier
 * guard left one; a refusal is answered as a wrong password is (the envelope, the form-error page the same request
 * is forwarded to, or {@code sendError}), or described in {@link LoginProtocol#DESCRIBE describe mode} for a hook
 * that answers it itself; the page is told a token is needed. See design/web.md.
 */
final class FormLoginAnswer {

    private FormLoginAnswer() {
    }

    /**
     * Carries {@code answer} out on the login post {@code request}, and says whether it goes on; a form-error page
     * the hook set in {@link LoginProtocol#ERROR_PAGE} wins over {@code errorPage} ({@code null}: none known).
     */
    static boolean goesOn(HttpServletRequest request, HttpServletResponse response, LoginAnswer answer, String errorPage)
            throws IOException, ServletException {
        // A refusal's headers go with it, written, forwarded or described: none on the response before.
        ServletLoginAnswer.setHeadersAndPage(request, answer.proceeds() ? response : null, answer);
        if (answer.proceeds()) {
            if (answer.outcome() != null && request.getAttribute(LoginProtocol.OUTCOME) == null) {
                request.setAttribute(LoginProtocol.OUTCOME, answer.outcome());
            }
            return true;
        }
        Rejection refusal = answer.refusal();
        String page = refusal.json() != null ? null
                : request.getAttribute(LoginProtocol.ERROR_PAGE) instanceof String told ? told : errorPage;
        if (Boolean.TRUE.equals(request.getAttribute(LoginProtocol.DESCRIBE))) {
            request.setAttribute(LoginProtocol.REFUSAL_STATUS, refusal.status());
            request.setAttribute(LoginProtocol.REFUSAL_HEADERS, refusal.headers());
            request.setAttribute(LoginProtocol.REFUSAL_JSON, refusal.json()); // null: none (the Servlet API removes it)
            request.setAttribute(LoginProtocol.REFUSAL_PAGE, page);
        } else if (page == null) {
            ServletRejection.write(response, refusal);
        } else {
            refusal.headers().forEach(response::setHeader);
            response.setStatus(refusal.status());
            // What the container's FORM login does for a wrong password: the same request, forwarded.
            request.getRequestDispatcher(page).forward(request, response);
        }
        return false;
    }
}
