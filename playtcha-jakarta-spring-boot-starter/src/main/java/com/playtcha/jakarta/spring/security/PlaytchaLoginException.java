package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.Rejection;
import java.util.Map;
import org.springframework.security.core.AuthenticationException;

/**
 * A login the Playtcha guard refused before any password was checked: it needs a token and carries
 * none ({@code token_required}, or {@code missing_token} under {@code playtcha.login.require=always}),
 * or its token was refused (expired, replayed, forged) or could not be verified while failing closed.
 * Spring Security treats it as any failed login: {@code formLogin()}'s failure handler sends the browser
 * back to the login page; a JSON login that lets it through its controller is answered with the
 * library's envelope ({@code PlaytchaLoginExceptionHandler}, {@code ReactivePlaytchaLoginExceptionHandler}).
 */
public class PlaytchaLoginException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;
    private final String code;

    /**
     * A refusal with {@code code}, answered as {@code rejection} says. Made by the guards; an application has no need to
     * make one.
     */
    public PlaytchaLoginException(String code, Rejection rejection) {
        super("Playtcha refused this login before its password was checked [code=" + code + "]");
        this.code = code;
        this.rejection = rejection;
    }

    /**
     * The refusal the guards throw for {@code refused}, an answer that does not go on: its code is the one its attempt was
     * decided on ({@value LoginAttempt#TOKEN_REQUIRED} for one that needs a token and carries none).
     */
    public static PlaytchaLoginException of(LoginAnswer refused) {
        VerificationResult result = refused.attempt().result();
        return new PlaytchaLoginException(result == null || result.errorCode() == null ? LoginAttempt.TOKEN_REQUIRED : result.errorCode(),
                refused.refusal());
    }

    /** The refusal as the guard rendered it, for the exception handlers to write as every door writes one. */
    public Rejection rejection() {
        return rejection;
    }

    /** The refusal's code: {@code token_required}, {@code missing_token}, Playtcha's code for a refused token, ... */
    public String code() {
        return code;
    }

    /** The status to answer: the decision's ({@code 403} by default, {@code 429}, {@code 503}). */
    public int status() {
        return rejection.status();
    }

    /** The headers to answer with: {@code Playtcha-Login-Needs-Token}, {@code Playtcha-Token-Spent}, {@code Retry-After}. */
    public Map<String, String> headers() {
        return rejection.headers();
    }

    /**
     * The JSON envelope ({@code {"error": {"code", "message", "login_needs_token"}}}) for a client that prefers
     * JSON, else {@code null}.
     */
    public String json() {
        return rejection.json();
    }
}
