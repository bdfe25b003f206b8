package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The endpoint every variant guards: it answers what the filter in front of it found, in a few
 * bytes ({@code verified}, {@code unavailable circuit_open}, ...), so the load generator can count
 * requests that passed without a verdict instead of taking any 200 for a success.
 */
final class GuardedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The body when no filter ran (variant A). */
    static final String UNGUARDED = "unguarded";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object outcome = request.getAttribute(PlaytchaFilter.OUTCOME);
        Object code = request.getAttribute(PlaytchaFilter.ERROR_CODE);
        String body = outcome == null ? UNGUARDED : code == null ? outcome.toString() : outcome + " " + code;
        response.setContentType("text/plain");
        response.setContentLength(body.length());
        response.getWriter().write(body);
    }
}
