package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * SPI: what a login attempt means on the wire, written once for every door that answers through the
 * Servlet API (the library's login guard and the PlaytchaFilter a login post reaches, the Jakarta Security
 * module's {@code @PlaytchaLogin}, the Spring Boot starter's login). A door makes one for the request it
 * decides, has it {@link #hear} each attempt decided there (its observe note is logged), and either
 * {@link #tell}s the response and the page what they say ({@value LoginProtocol#TOKEN_SPENT_HEADER},
 * {@value LoginProtocol#NEEDS_TOKEN_HEADER}, {@value #NEEDS_TOKEN_ATTRIBUTE}) or answers a refused one
 * with its {@link #refusal}. A door adds only what its container makes it add: how the refusal reaches the
 * client (the form-error page or describe mode, an {@code AuthenticationStatus}, an exception) and how
 * the realm's answer is heard. Not safe for concurrent use: one request's. See design/web.md.
 */
public final class LoginAnswer {

    /** Request attribute, a Boolean: whether the login page should show the widget. */
    public static final String NEEDS_TOKEN_ATTRIBUTE = "com.playtcha.login-needs-token";
    /** Request attribute that answers the same as the EL name {@code playtcha.loginNeedsToken}. */
    public static final String EL_NAME = "playtcha";

    private final System.Logger log;
    private boolean tokenSpent;
    private boolean needsToken;

    /** An answer whose observe notes go to {@code log}, the door's logger. */
    public LoginAnswer(System.Logger log) {
        this.log = log;
    }

    /**
     * Hears {@code attempt}, which {@code login} decided for {@code request}: its observe note (observe mode
     * let on what enforce would refuse) is logged at INFO; from now on {@link #tell} says whether its token
     * is spent, and that a token was needed if it or an attempt heard before needed one.
     */
    public LoginAttempt hear(WebLogin login, LoginAttempt attempt, GuardedRequest request) {
        String note = login.observeNote(attempt, request);
        if (note != null) {
            log.log(Level.INFO, note);
        }
        tokenSpent = attempt.tokenSpent();
        needsToken |= attempt.needsToken();
        return attempt;
    }

    /**
     * Tells the client and the page what the attempts heard say: {@value LoginProtocol#TOKEN_SPENT_HEADER}
     * and {@value LoginProtocol#NEEDS_TOKEN_HEADER} on {@code response} (none where there is no response),
     * and {@link #loginNeedsToken} on {@code request}.
     */
    public void tell(HttpServletRequest request, HttpServletResponse response) {
        if (response != null) {
            response.setHeader(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(tokenSpent));
            response.setHeader(LoginProtocol.NEEDS_TOKEN_HEADER, Boolean.toString(needsToken));
        }
        loginNeedsToken(request, needsToken);
    }

    /**
     * Tells the login page whether to show the widget: {@value #NEEDS_TOKEN_ATTRIBUTE}, and
     * {@code playtcha.loginNeedsToken} as a map under {@value #EL_NAME}, for JSP and Faces alike.
     */
    public static void loginNeedsToken(HttpServletRequest request, boolean needsToken) {
        request.setAttribute(NEEDS_TOKEN_ATTRIBUTE, needsToken);
        request.setAttribute(EL_NAME, Map.of("loginNeedsToken", needsToken));
    }

    /**
     * The answer to a refused attempt (one that does not {@link LoginAttempt#proceeds}), for a client that
     * sent {@code accept} ({@code null}: none): its decision's status and headers,
     * {@value LoginProtocol#NEEDS_TOKEN_HEADER} ({@code true}: the next attempt needs one) and
     * {@value LoginProtocol#TOKEN_SPENT_HEADER}, and the JSON envelope with {@code login_needs_token} for a
     * client that prefers JSON.
     */
    public static Rejection refusal(LoginAttempt refused, String accept) {
        Rejection rejection;
        if (refused instanceof LoginAttempt.Decided decided) {
            rejection = Rejection.of(decided.verification().result(), decided.decision(), accept);
        } else if (refused instanceof LoginAttempt.NeedsToken needs) {
            rejection = Rejection.of(LoginAttempt.REQUIRED, needs.decision(), accept);
        } else {
            throw new IllegalArgumentException("an admitted attempt is not refused");
        }
        rejection = rejection.withHeader(LoginProtocol.NEEDS_TOKEN_HEADER, "true")
                .withHeader(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(refused.tokenSpent()));
        return new Rejection(rejection.status(), rejection.headers(),
                rejection.body() == null ? null : rejection.body().withLoginNeedsToken(true));
    }
}
