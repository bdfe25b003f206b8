package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;

/**
 * How a password check the servlet side's parts meet is decided: on the web request Spring binds to the thread (the
 * servlet stack's), or, in a reactive application, whose servlet parts run on threads no exchange is bound to, as a
 * check outside any request (the reactive guard's). A refusal is thrown as {@link PlaytchaLoginException}.
 *
 * <p>Internal to the starter, not an API: public so that each guard gives {@link PasswordChecks} its own.
 */
public interface Decider {

    /** The answer to a check on {@code account} with {@code password} ({@code null}: unknown here). */
    LoginAnswer decide(LoginAccount account, CharSequence password);

    /**
     * The answer for {@code stored}, the account a store returned for a check on {@code typed}, to be counted beside the
     * check's ({@code null}: nothing to count, as when both are one account however spelt); a check that went on without
     * a token ({@code tokenless}) and finds it at its limit is refused ({@link Aliases}). By default nothing.
     */
    default LoginAnswer alias(LoginAccount.Named typed, String stored, boolean tokenless) {
        return null;
    }
}
