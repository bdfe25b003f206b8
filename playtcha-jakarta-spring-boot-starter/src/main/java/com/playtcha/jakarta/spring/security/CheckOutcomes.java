package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.login.LoginOutcome;

/**
 * The counting rule of one password check, the servlet side's {@link CheckFrame} and the reactive side's frame alike:
 * what the check counted, on the account typed and on the one the store returned where that is another
 * ({@link Aliases}), is told once what the check came to: accepted, refused, or no password judged (an answer given
 * before any, or a refusal at the alias's limit, which gives back what was counted in advance).
 *
 * <p>Internal to the starter, not an API: public so that the reactive guard's frame tells its outcomes by it too.
 */
public final class CheckOutcomes {

    private CheckOutcomes() {
    }

    /**
     * Tells {@code own} and {@code alias} ({@code null}: nothing counted there) what the check came to: {@code TRUE}
     * accepted, {@code FALSE} refused, {@code null} no password judged.
     */
    public static void told(Boolean accepted, LoginOutcome own, LoginOutcome alias) {
        for (LoginOutcome told : new LoginOutcome[] {own, alias}) {
            if (told != null && accepted == null) {
                told.unchecked();
            } else if (told != null) {
                told.checked(accepted);
            }
        }
    }
}
