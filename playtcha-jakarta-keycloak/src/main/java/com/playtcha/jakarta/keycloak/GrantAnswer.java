package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import com.playtcha.jakarta.spi.web.Rejection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a login answer says to a client of the password grant: an OAuth error (RFC 6749, 5.2), a JSON object Keycloak's
 * JSON provider writes from its fields, with the login's headers that {@link LoginRenderer} writes for every door
 * ({@code Playtcha-Login-Needs-Token}, {@code Playtcha-Token-Spent}, and a refusal's {@code Retry-After}). A refusal of the
 * policy's:
 * <pre>
 * HTTP/1.1 400 Bad Request
 * Playtcha-Login-Needs-Token: true
 * Playtcha-Token-Spent: false
 *
 * {"error":"invalid_grant","error_description":"This login needs a captcha token: solve the captcha and send its token.",
 *  "playtcha_code":"missing_token","login_needs_token":true}
 * </pre>
 * {@value #INVALID_GRANT} (400) when the client's user must solve the captcha (again): a token needed, missing, rejected
 * or spent; {@value #TEMPORARILY_UNAVAILABLE} with the library's status and {@code Retry-After} when waiting helps:
 * Playtcha unavailable for a login that needs its verdict (503), too many checks (429). {@code playtcha_code} is the
 * library's code (docs/behaviour.md). Nothing in it depends on whether the user exists. Why these codes:
 * design/keycloak.md, "The password grant".
 */
final class GrantAnswer {

    /** The OAuth error of a refusal the user acts on: solve the captcha, send its token. */
    static final String INVALID_GRANT = "invalid_grant";
    /** The OAuth error of a refusal that waiting answers: try again after {@code Retry-After}. */
    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private GrantAnswer() {
    }

    /** The answer to the refused {@code answer}. */
    static Response refused(LoginAnswer answer) {
        Rejection refusal = answer.refusal();
        VerificationResult result = answer.attempt().result();
        boolean later = result instanceof VerificationResult.Unavailable || refusal.status() == 429;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", later ? TEMPORARILY_UNAVAILABLE : INVALID_GRANT);
        error.put("error_description", description(answer, refusal.status()));
        error.put("playtcha_code", result == null ? LoginAttempt.TOKEN_REQUIRED : result.errorCode());
        error.put("login_needs_token", true);
        Response.ResponseBuilder response = Response.status(later ? refusal.status() : 400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error);
        refusal.headers().forEach((name, value) -> {
            if (!"Cache-Control".equalsIgnoreCase(name)) {
                response.header(name, value);
            }
        });
        return response.header("Cache-Control", "no-store").build();
    }

    /** Keycloak's own answer {@code keycloak} to an attempt that went on ({@code answer}), with the login's headers. */
    static Response failed(Response keycloak, LoginAnswer answer) {
        Response.ResponseBuilder response = Response.fromResponse(keycloak);
        LoginRenderer.headers(answer, response::header);
        return response.build();
    }

    private static String description(LoginAnswer answer, int status) {
        VerificationResult result = answer.attempt().result();
        if (result instanceof VerificationResult.Unavailable && status != 429) {
            return "The captcha check is unavailable right now: try again shortly.";
        } else if (status == 429) {
            return "Too many attempts: try again later.";
        } else if (answer.attempt() instanceof LoginAttempt.NeedsToken
                || result instanceof VerificationResult.Rejected rejected && VerificationResult.MISSING_TOKEN.equals(rejected.code())) {
            return "This login needs a captcha token: solve the captcha and send its token.";
        } else if (answer.attempt().tokenSpent() || VerificationResult.ALREADY_REDEEMED.equals(result.errorCode())) {
            return "The captcha token was already used: solve the captcha again.";
        }
        return "The captcha token was not accepted: solve the captcha again.";
    }
}
