package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spring.security.AccountPrincipal;
import com.playtcha.jakarta.spring.security.GuardedAuthenticationManager;
import com.playtcha.jakarta.spring.security.Guards;
import com.playtcha.jakarta.spring.security.PasswordChecks;
import com.playtcha.jakarta.spring.security.PasswordlessAuthentication;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.WebAttributes;

/**
 * Playtcha's login policy ({@code playtcha.login.require}) for Spring Security, built by
 * {@code PlaytchaSecurityAutoConfiguration} from the application's settings, its verifier and the
 * failed-login counts held beside it. It decides a password where it is checked or judged: every
 * {@code AuthenticationManager} Spring Security builds, each chain's shared one however it was given, and
 * the application's manager, provider, {@code PasswordEncoder} and user-store beans are held through it
 * (docs/spring-security.md, "What is guarded"). A manager built in place and handed to a filter or
 * controller directly, whose checks reach none of those, is guarded by {@link #guard}:
 *
 * <pre>{@code
 * AuthenticationManager manager = playtchaLoginGuard.guard(new ProviderManager(provider));
 * }</pre>
 *
 * <p>Only a password check is decided: a {@code UsernamePasswordAuthenticationToken}, or a token of the
 * application's own type, on the account it names ({@link AccountPrincipal}; another is an account the guard
 * cannot read, which needs a token). Spring Security's remember-me, bearer, X.509, pre-authenticated, OAuth2
 * and one-time tokens, and a {@link PasswordlessAuthentication}, pass undecided. Each check on a web request
 * is decided before anything judges it: under {@code always} it needs a valid token (the
 * {@code Playtcha-Token} header or the {@code playtcha-token} parameter), which covers the one credential
 * it was sent with; under {@code after-failures} it goes on without one while the account, the client
 * and the application are below their limits. What was judged inside it is counted: a password judged
 * wrong, or any answer of a part whose answers are not known, is a failure; a disabled, locked or expired
 * account answered by Spring's own provider, which says nothing of the password, is not. A check with no
 * request bound to its thread is counted on its account and refused at its limit; under {@code always}
 * refused unless {@code playtcha.login.outside-requests} is set. A refusal is a {@link PlaytchaLoginException}.
 */
public final class PlaytchaLoginGuard {

    /** The name under which the guard is a bean. */
    public static final String BEAN = "playtchaLoginGuard";

    private final WebLogin login;
    private final PasswordChecks checks;

    /**
     * The guard over {@code verifier} and the counts held beside it ({@code loginFailures}, {@code null}: none). Made by
     * {@code PlaytchaSecurityAutoConfiguration} as the bean {@value #BEAN}: take that bean, a guard of your own guards nothing
     * Spring Security builds.
     */
    public PlaytchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier, LoginFailures loginFailures) {
        this.login = new WebLogin(new LoginPolicy(settings, loginFailures), new WebGuard("spring-security", Policy.of(settings),
                () -> verifier));
        this.checks = new PasswordChecks(new BoundRequest(login, settings));
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
