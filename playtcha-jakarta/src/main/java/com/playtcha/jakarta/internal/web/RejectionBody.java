package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.VerificationResult;

/**
 * What a blocked request is told: the generic message for its code, and the JSON envelope
 * {@code {"error": {"code", "message", "request_id"}}} that clients preferring JSON
 * ({@link AcceptHeader#prefersJson}) get with the {@link Decision#status()}. The servlet filter and
 * the Jakarta REST filter both answer with this text, so a client sees the same body from either.
 *
 * <p>The message is ours and generic: Playtcha's own messages can describe our configuration
 * ({@code bad_secret}), which is no business of the client's.
 */
public final class RejectionBody {

    private RejectionBody() {
    }

    /** The envelope, compact, in the form JSON-P writes it ({@code request_id} only when Playtcha sent one). */
    public static String json(VerificationResult result, Decision decision) {
        StringBuilder json = new StringBuilder(160).append("{\"error\":{\"code\":");
        quote(json, result.errorCode());
        json.append(",\"message\":");
        quote(json, message(result, decision));
        if (result.requestId() != null) {
            json.append(",\"request_id\":");
            quote(json, result.requestId());
        }
        return json.append("}}").toString();
    }

    /** The message for the code and status of a blocked request. */
    public static String message(VerificationResult result, Decision decision) {
        if (decision.status() == Decision.UNAVAILABLE_STATUS) {
            return "The captcha check is unavailable right now; try again shortly.";
        }
        if (decision.status() == Decision.RATE_LIMITED_STATUS) {
            return "Too many captcha checks; try again in " + decision.retryAfterSeconds() + " s.";
        }
        return switch (String.valueOf(result.errorCode())) {
            case VerificationResult.MISSING_TOKEN -> "The request carries no captcha token.";
            case LoginPolicy.TOKEN_REQUIRED -> "This login needs a captcha token: solve the captcha and try again.";
            case VerificationResult.MALFORMED_TOKEN -> "The captcha token is malformed.";
            case VerificationResult.ALREADY_REDEEMED -> "The captcha token was already used; solve the captcha again.";
            case "token_expired" -> "The captcha token expired; solve the captcha again.";
            default -> "The captcha check failed.";
        };
    }

    /** A JSON string, escaped as JSON-P escapes it: quote, backslash and control characters. */
    private static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
