package com.playtcha.jakarta.spring.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ObservationAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * An {@code AuthenticationManager} whose every password check is decided by the login policy first and
 * counted on what was judged inside it ({@link PasswordChecks}, {@link CheckFrame}): what
 * {@code PlaytchaLoginGuard.guard} hands out, and what the guard puts in a chain in place of a manager it
 * was given by hand ({@code http.authenticationManager(...)}). A manager of the application's own, or a
 * {@code ProviderManager} made by hand, is read as a part whose answers are not known (any exception after
 * the check began is a failure); Spring Security's own delegates as the guarded call inside them. A call
 * nested in a guarded one is that call's. Other logins (remember-me, bearer tokens, X.509, pre-authenticated,
 * OAuth2) check no password and pass undecided.
 *
 * <p>Internal to the starter, not an API: public so that the servlet guard can hand one out.
 */
public final class GuardedAuthenticationManager implements AuthenticationManager {

    private static final String DELEGATOR = "org.springframework.security.config.annotation.authentication.configuration."
            + "AuthenticationConfiguration$AuthenticationManagerDelegator";

    private final AuthenticationManager manager;
    private final PasswordChecks checks;
    private final CheckFrame.Part part;

    /** {@code manager}, its checks decided by {@code checks}. */
    public GuardedAuthenticationManager(AuthenticationManager manager, PasswordChecks checks) {
        this.manager = manager;
        this.checks = checks;
        this.part = manager instanceof ObservationAuthenticationManager || manager.getClass().getName().equals(DELEGATOR)
                ? CheckFrame.Part.DELEGATE : CheckFrame.Part.MANAGER;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return (Authentication) checks.authenticate(authentication, part, null, () -> manager.authenticate(authentication));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable cannot) { // the manager's authenticate declares nothing checked
            throw new IllegalStateException(cannot);
        }
    }

    @Override
    public String toString() {
        return "Playtcha-guarded " + manager;
    }
}
