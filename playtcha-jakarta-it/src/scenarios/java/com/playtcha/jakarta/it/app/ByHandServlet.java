package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A CDI application's own check: the injected verifier's one call, made programmatically with the
 * token of the form, the client's address and the path. Answers {@code result=<type>} and
 * {@code code=<code>} lines.
 */
@WebServlet("/by-hand")
public class ByHandServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    PlaytchaVerifier verifier;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerificationResult result = verifier.verify(request.getParameter("playtcha-token"), request.getRemoteAddr(),
                request.getRequestURI()).result();
        StringBuilder out = new StringBuilder("result=").append(result.getClass().getSimpleName()).append('\n');
        if (result instanceof VerificationResult.Rejected rejected) {
            out.append("code=").append(rejected.code()).append('\n');
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }
}
