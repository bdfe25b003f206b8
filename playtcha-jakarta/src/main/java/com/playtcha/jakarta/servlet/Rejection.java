package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.AcceptHeader;
import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.RejectionBody;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a blocked request, in the shape the client asked for. Clients that prefer JSON get
 * {@link RejectionBody}'s {@code {"error": {"code", "message", "request_id"}}}; everyone else gets
 * {@code sendError}, so the application's {@code <error-page>} renders it, with the request
 * attributes still readable. A 429, and a 503 for our own saturated pool ({@code overloaded}), carry
 * {@code Retry-After} either way.
 */
final class Rejection {

    private Rejection() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, VerificationResult result,
            Decision decision) throws IOException {
        int status = decision.status();
        if (decision.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        }
        if (!AcceptHeader.prefersJson(request.getHeader("Accept"))) {
            response.sendError(status);
            return;
        }
        byte[] body = RejectionBody.json(result, decision).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // No Content-Length of our own: writing that many bytes commits the response at once, before
        // the container can add "Connection: close" for a request body nobody read; the client would
        // then reuse a connection the server is closing. Left buffered, the container sets both.
        response.getOutputStream().write(body);
    }
}
