package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a blocked request, in the shape the client asked for. Clients that prefer JSON get
 * {@code {"error": {"code", "message", "request_id"}}}; everyone else gets {@code sendError}, so
 * the application's {@code <error-page>} renders it, with the request attributes still readable.
 * A 429, and a 503 for our own saturated pool ({@code overloaded}), carry {@code Retry-After} either way.
 *
 * <p>The message is ours and generic: Playtcha's own messages can describe our configuration
 * ({@code bad_secret}), which is no business of the client's.
 */
final class Rejection {

    private static final JsonProvider JSON = JsonProvider.provider();

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
        JsonObjectBuilder error = JSON.createObjectBuilder()
                .add("code", result.errorCode())
                .add("message", message(result, decision));
        if (result.requestId() != null) {
            error.add("request_id", result.requestId());
        }
        byte[] body = JSON.createObjectBuilder().add("error", error).build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // No Content-Length of our own: writing that many bytes commits the response at once, before
        // the container can add "Connection: close" for a request body nobody read; the client would
        // then reuse a connection the server is closing. Left buffered, the container sets both.
        response.getOutputStream().write(body);
    }

    static String message(VerificationResult result, Decision decision) {
        if (decision.status() == Decision.UNAVAILABLE_STATUS) {
            return "The captcha check is unavailable right now; try again shortly.";
        }
        if (decision.status() == Decision.RATE_LIMITED_STATUS) {
            return "Too many captcha checks; try again in " + decision.retryAfterSeconds() + " s.";
        }
        return switch (result.errorCode()) {
            case VerificationResult.MISSING_TOKEN -> "The request carries no captcha token.";
            case VerificationResult.MALFORMED_TOKEN -> "The captcha token is malformed.";
            case "already_redeemed" -> "The captcha token was already used; solve the captcha again.";
            case "token_expired" -> "The captcha token expired; solve the captcha again.";
            default -> "The captcha check failed.";
        };
    }
}
