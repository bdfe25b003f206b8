package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.login.LoginAttempt;

/**
 * The JSON envelope {@code {"error": {"code", "message", "request_id", "login_needs_token"}}} a blocked
 * client preferring JSON gets from every guard, written by {@link #json()} from these fields alone; a
 * {@code null} field is not written. The message is ours and generic ({@link #message}). See design/web.md.
 */
record RejectionBody(String code, String message, String requestId, Boolean loginNeedsToken) {

    /** The body for {@code decision} on {@code result}. */
    public static RejectionBody of(VerificationResult result, Decision decision) {
        return new RejectionBody(result.errorCode(), message(result, decision), result.requestId(), null);
    }

    /** The envelope, compact, in the form JSON-P writes it. */
    public String json() {
        StringBuilder json = new StringBuilder(160).append("{\"error\":{\"code\":");
        quote(json, code);
        json.append(",\"message\":");
        quote(json, message);
        if (requestId != null) {
            json.append(",\"request_id\":");
            quote(json, requestId);
        }
        if (loginNeedsToken != null) {
            json.append(",\"login_needs_token\":").append(loginNeedsToken.booleanValue());
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
            case LoginAttempt.TOKEN_REQUIRED -> "This login needs a captcha token: solve the captcha and try again.";
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
