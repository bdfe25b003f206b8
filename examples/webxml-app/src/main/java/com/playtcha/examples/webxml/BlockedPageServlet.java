package com.playtcha.examples.webxml;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The {@code <error-page>} for 403, 429 and 503: a post PlaytchaFilter blocked. The filter set the
 * {@code com.playtcha.*} attributes before it called {@code sendError}, so this page can say why
 * (a used token, an expired one, Playtcha unavailable on a fail-closed form) instead of a bare
 * status. A servlet, so the example needs no JSP engine.
 */
public class BlockedPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object code = request.getAttribute("com.playtcha.error-code");
        PrintWriter out = Html.begin(response, "Not sent");
        out.printf("<p id=\"decision\" data-status=\"%s\">blocked %s</p><p id=\"why\">%s</p>%n",
                status, status, Html.escape(explain(PlaytchaAttributes.outcome(request), code == null ? "" : code.toString())));
        Html.attributes(out, PlaytchaAttributes.of(request));
        Html.end(out);
    }

    private static String explain(String outcome, String code) {
        if ("unavailable".equals(outcome)) {
            return "The captcha service could not be reached (" + code + "), and this form fails closed. Try again shortly.";
        }
        return switch (code) {
            case "missing_token" -> "The form carried no captcha token.";
            case "already_redeemed" -> "This captcha was already used. Solve it again.";
            case "token_expired" -> "This captcha is older than 5 minutes. Solve it again.";
            case "rate_limited_ip" -> "Too many attempts. Wait a moment and try again.";
            case "" -> "The request was refused.";
            default -> "The captcha was not accepted (" + code + ").";
        };
    }
}
