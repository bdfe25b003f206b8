package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * SPI: what a {@link LoginAnswer} says on the wire, written here once and called by every door with its own response
 * (the servlet side's {@code ServletLoginAnswer}, the Spring Boot starter's reactive login, the Quarkus guard): the
 * headers {@value LoginProtocol#TOKEN_SPENT_HEADER} and {@value LoginProtocol#NEEDS_TOKEN_HEADER}, what the login page
 * reads ({@value #NEEDS_TOKEN_ATTRIBUTE} and {@code playtcha.loginNeedsToken} under {@value #EL_NAME}), and a refusal
 * with those headers and, for a client that prefers JSON, the envelope with {@code login_needs_token}. A door adds
 * only what its container makes it add. See design/login-path.md.
 */
public final class LoginRenderer {

    /** Request (or exchange) attribute, a Boolean: whether the login page should show the widget. */
    public static final String NEEDS_TOKEN_ATTRIBUTE = "com.playtcha.login-needs-token";
    /** Request attribute that answers the same as the EL name {@code playtcha.loginNeedsToken}. */
    public static final String EL_NAME = "playtcha";

    private LoginRenderer() {
    }

    /** The headers of {@code answer}, each given to {@code headers} as a name and a value. */
    public static void headers(LoginAnswer answer, BiConsumer<String, String> headers) {
        headers.accept(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(answer.attempt().tokenSpent()));
        headers.accept(LoginProtocol.NEEDS_TOKEN_HEADER, Boolean.toString(answer.needsToken()));
    }

    /** What the login page reads, whether it should show the widget, each given to {@code page} as a name and a value. */
    public static void page(boolean needsToken, BiConsumer<String, Object> page) {
        page.accept(NEEDS_TOKEN_ATTRIBUTE, needsToken);
        page.accept(EL_NAME, Map.of("loginNeedsToken", needsToken));
    }

    /** The headers of a login refused where no attempt was decided ({@code login_not_guarded}): no token was looked at. */
    public static void notGuarded(BiConsumer<String, String> headers) {
        headers.accept(LoginProtocol.TOKEN_SPENT_HEADER, "false");
    }

    /** The answer to the refused {@code attempt}: its decision's, with these headers, and the envelope if {@code accept} prefers JSON. */
    static Rejection refusal(LoginAttempt attempt, String accept) {
        Rejection of = Rejection.of(attempt.result(), attempt.decision(), accept);
        Map<String, String> headers = new LinkedHashMap<>(of.headers());
        headers.put(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(attempt.tokenSpent()));
        headers.put(LoginProtocol.NEEDS_TOKEN_HEADER, "true");
        RejectionBody b = of.body(); // the next attempt needs a token, the header and the envelope say
        return new Rejection(of.status(), headers, b == null ? null : new RejectionBody(b.code(), b.message(), b.requestId(), true));
    }
}
