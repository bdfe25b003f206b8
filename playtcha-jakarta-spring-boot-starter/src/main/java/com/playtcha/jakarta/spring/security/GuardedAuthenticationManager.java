package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.LoginAttempt;
import com.playtcha.jakarta.spi.LoginOutcome;
import com.playtcha.jakarta.spi.LoginPolicy;
import com.playtcha.jakarta.spi.WebLogin;
import com.playtcha.jakarta.spi.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An {@code AuthenticationManager} whose every {@code authenticate} call on a web request is one
 * password check the login policy decides first and counts on what the manager judged
 * ({@link PlaytchaLoginGuard}). The request is the one Spring binds to the thread
 * ({@code RequestContextHolder}); a call nested in a guarded one (a manager wrapping another) is that
 * call's.
 */
final class GuardedAuthenticationManager implements AuthenticationManager {

    /** Whether this thread is inside a guarded call: a manager guarded twice decides once. */
    private static final ThreadLocal<Boolean> DECIDING = new ThreadLocal<>();

    private final AuthenticationManager manager;
    private final WebLogin login;
    private final PlaytchaSettings settings;

    GuardedAuthenticationManager(AuthenticationManager manager, WebLogin login, PlaytchaSettings settings) {
        this.manager = manager;
        this.login = login;
        this.settings = settings;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (DECIDING.get() != null || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web)) {
            return manager.authenticate(authentication);
        }
        LoginAttempt attempt = decided(web.getRequest(), web.getResponse(), authentication);
        LoginOutcome outcome = attempt.outcome();
        DECIDING.set(Boolean.TRUE);
        try {
            Authentication result = manager.authenticate(authentication);
            if (outcome != null) {
                outcome.checked(true);
            }
            return result;
        } catch (BadCredentialsException | UsernameNotFoundException wrong) {
            if (outcome != null) {
                outcome.checked(false);
            }
            throw wrong;
        } catch (RuntimeException notJudged) { // disabled, locked, no provider: no password was judged
            if (outcome != null) {
                outcome.unchecked();
            }
            throw notJudged;
        } finally {
            DECIDING.remove();
        }
    }

    /**
     * The attempt, its headers (where Spring bound a response too) and what the page reads set; a refusal
     * thrown as {@link PlaytchaLoginException}.
     */
    private LoginAttempt decided(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        String account = authentication instanceof UsernamePasswordAuthenticationToken ? authentication.getName() : LoginPolicy.UNREADABLE;
        SpringLoginRequest view = new SpringLoginRequest(request, settings.tokenHeader(), settings.tokenParameter());
        LoginAttempt attempt;
        try {
            attempt = login.decideCheck(view, account);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        String note = login.observeNote(attempt, view);
        if (note != null) {
            System.getLogger(PlaytchaLoginGuard.class.getName()).log(System.Logger.Level.INFO, note);
        }
        if (response != null) {
            response.setHeader(WebLogin.TOKEN_SPENT_HEADER, Boolean.toString(attempt.tokenSpent()));
            response.setHeader(WebLogin.NEEDS_TOKEN_HEADER, Boolean.toString(attempt.needsToken()));
        }
        ServletRequestView.loginNeedsToken(request, attempt.needsToken());
        if (!attempt.proceeds()) {
            throw new PlaytchaLoginException(String.valueOf(request.getAttribute(DecisionAttributes.ERROR_CODE)),
                    WebLogin.refusal(attempt, request.getHeader("Accept")));
        }
        return attempt;
    }

    @Override
    public String toString() {
        return "Playtcha-guarded " + manager;
    }
}
