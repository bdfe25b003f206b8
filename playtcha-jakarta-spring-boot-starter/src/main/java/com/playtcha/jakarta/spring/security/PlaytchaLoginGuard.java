package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.web.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.WebAttributes;

/**
 * Playtcha's login policy ({@code playtcha.login.require}) for Spring Security, built by
 * {@link PlaytchaSecurityAutoConfiguration} from the application's settings, its verifier and the
 * failed-login counts held beside it. Every {@code SecurityFilterChain}'s {@code AuthenticationManager}
 * is guarded through it ({@code formLogin()}, {@code httpBasic()}, {@code request.login}, any filter
 * that reads the chain's shared manager, however the chain was given it), and so are what
 * {@code AuthenticationConfiguration} hands out and every {@code AuthenticationManager} bean. A manager
 * built another way and handed to a filter or controller directly is guarded by {@link #guard}:
 *
 * <pre>{@code
 * AuthenticationManager manager = playtchaLoginGuard.guard(new ProviderManager(provider));
 * }</pre>
 *
 * <p>Only a password check is decided: a {@code UsernamePasswordAuthenticationToken} whose principal is a
 * name ({@code String}, {@code UserDetails}, {@code Principal}, {@code AuthenticatedPrincipal}) or an
 * {@link AccountPrincipal}; another principal is an account it cannot read, which needs a token. Other
 * tokens (remember-me, bearer, X.509, pre-authenticated, OAuth2) pass undecided. Each check on a web request
 * is decided before the manager is asked: under {@code always} it needs a valid token (the
 * {@code Playtcha-Token} header or the {@code playtcha-token} parameter), which covers the one credential
 * it was sent with; under {@code after-failures} it goes on without one while the account, the client
 * and the application are below their limits. What the manager judged is counted: any
 * {@code AuthenticationException} a failure, but for a disabled, locked or expired account and no
 * provider, which checked no password. A check with no request bound to its thread is counted on its
 * account and refused at its limit; under {@code always} refused unless
 * {@code playtcha.login.outside-requests} is set. A refusal is a {@link PlaytchaLoginException}.
 */
public final class PlaytchaLoginGuard {

    /** The name under which the guard is a bean. */
    public static final String BEAN = "playtchaLoginGuard";

    private final WebLogin login;
    private final PasswordChecks checks;

    PlaytchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier, LoginFailures loginFailures) {
        this.login = new WebLogin(new LoginPolicy(settings, loginFailures), new WebGuard("spring-security", Policy.of(settings),
                () -> verifier));
        this.checks = new PasswordChecks(login, settings);
    }

    /** {@code manager}, each of its {@code authenticate} calls decided by the policy first; a guarded one as it is. */
    public AuthenticationManager guard(AuthenticationManager manager) {
        return Guards.guarded(manager) ? manager : new GuardedAuthenticationManager(manager, checks);
    }

    /** Where the parts this guard holds have their checks decided. */
    PasswordChecks checks() {
        return checks;
    }

    /**
     * Whether the login page shown for {@code request} should show the widget: the last login of its
     * session was refused for want of a token, or its client's or the application's counts ask for one.
     * The same answer as the request attribute {@code playtcha} ({@code ${playtcha.loginNeedsToken}}).
     */
    public boolean needsToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof PlaytchaLoginException
                || login.needsToken(null, request.getRemoteAddr());
    }
}
