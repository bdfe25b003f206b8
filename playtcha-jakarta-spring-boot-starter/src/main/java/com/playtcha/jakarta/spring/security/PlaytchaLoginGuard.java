package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.LoginPolicy;
import com.playtcha.jakarta.spi.WebGuard;
import com.playtcha.jakarta.spi.WebLogin;
import com.playtcha.jakarta.spi.LoginFailures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.WebAttributes;

/**
 * Playtcha's login policy ({@code playtcha.login.require}) for Spring Security, built by
 * {@link PlaytchaSecurityAutoConfiguration} from the application's settings, its verifier and the
 * failed-login counts held beside it. Every {@code SecurityFilterChain}'s {@code AuthenticationManager}
 * is guarded through it ({@code formLogin()}, {@code httpBasic()}, any filter of the chain), and so is
 * every {@code AuthenticationManager} bean of the application (a JSON login's). A manager built another
 * way is guarded by {@link #guard}:
 *
 * <pre>{@code
 * AuthenticationManager manager = playtchaLoginGuard.guard(new ProviderManager(provider));
 * }</pre>
 *
 * <p>Each {@code authenticate} call on a web request is one password check, decided before the
 * manager is asked: under {@code always} it needs a valid token (the {@code Playtcha-Token} header or the
 * {@code playtcha-token} parameter); under {@code after-failures} it goes on without one while the
 * account (the name Spring Security authenticates), the client and the application are below their
 * limits, and what the manager judged is counted ({@code BadCredentialsException} a failure; a success,
 * a disabled or locked account or any other answer gives back what was counted in advance). A refusal is
 * a {@link PlaytchaLoginException}. A call outside any web request is not guarded.
 */
public final class PlaytchaLoginGuard {

    /** The name under which the guard is a bean. */
    public static final String BEAN = "playtchaLoginGuard";

    private final WebLogin login;
    private final PlaytchaSettings settings;

    PlaytchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier, LoginFailures loginFailures) {
        this.settings = settings;
        this.login = new WebLogin(new LoginPolicy(settings, loginFailures), new WebGuard("spring-security", Policy.of(settings),
                () -> verifier));
    }

    /** {@code manager}, each of its {@code authenticate} calls on a web request decided by the policy first. */
    public AuthenticationManager guard(AuthenticationManager manager) {
        return manager instanceof GuardedAuthenticationManager ? manager : new GuardedAuthenticationManager(manager, login, settings);
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
