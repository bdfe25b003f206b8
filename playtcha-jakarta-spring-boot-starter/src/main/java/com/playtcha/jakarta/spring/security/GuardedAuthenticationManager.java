package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.web.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginAttempt;
import com.playtcha.jakarta.spi.web.LoginOutcome;
import com.playtcha.jakarta.spi.web.WebLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.security.Principal;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An {@code AuthenticationManager} whose every password check ({@code authenticate} with a
 * {@code UsernamePasswordAuthenticationToken}) is decided by the login policy first and counted on what
 * the manager judged ({@link PlaytchaLoginGuard}). The request is the one Spring binds to the thread
 * ({@code RequestContextHolder}); with none bound, the check is decided as one outside any request
 * ({@code playtcha.login.outside-requests}). A call nested in a guarded one (a manager wrapping another)
 * is that call's. Other logins (remember-me, bearer tokens, X.509, pre-authenticated, OAuth2) check no
 * password and pass undecided.
 */
final class GuardedAuthenticationManager implements AuthenticationManager {

    /** Whether this thread is inside a guarded call: a manager guarded twice decides once. */
    private static final ThreadLocal<Boolean> DECIDING = new ThreadLocal<>();
    private static final System.Logger LOG = System.getLogger(PlaytchaLoginGuard.class.getName());

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
        if (DECIDING.get() != null || !(authentication instanceof UsernamePasswordAuthenticationToken)) {
            return manager.authenticate(authentication);
        }
        LoginAccount account = accountOf(authentication.getPrincipal());
        LoginAttempt attempt = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web
                ? decided(web.getRequest(), web.getResponse(), account, passwordOf(authentication.getCredentials()))
                : outside(account);
        LoginOutcome outcome = attempt.outcome();
        DECIDING.set(Boolean.TRUE);
        try {
            Authentication result = manager.authenticate(authentication);
            if (outcome != null) {
                outcome.checked(true);
            }
            return result;
        } catch (AccountStatusException | ProviderNotFoundException notJudged) { // disabled, locked, expired; no provider
            if (outcome != null) {
                outcome.unchecked();
            }
            throw notJudged;
        } catch (RuntimeException judged) { // a password may have been judged (a store down after another said no)
            if (outcome != null) {
                outcome.checked(false);
            }
            throw judged;
        } finally {
            DECIDING.remove();
        }
    }

    /**
     * The account a principal names: a name ({@code String}, {@code UserDetails}, {@code Principal},
     * {@code AuthenticatedPrincipal}) or an {@link AccountPrincipal}'s; any other is one the guard cannot read.
     */
    static LoginAccount accountOf(Object principal) {
        if (principal instanceof AccountPrincipal named) {
            String account = named.account();
            return account == null || account.isBlank() ? LoginAccount.Unnamed.UNREADABLE : LoginAccount.named(account);
        }
        String name = null;
        if (principal instanceof String text) {
            name = text;
        } else if (principal instanceof UserDetails user) {
            name = user.getUsername();
        } else if (principal instanceof AuthenticatedPrincipal authenticated) {
            name = authenticated.getName();
        } else if (principal instanceof Principal named) {
            name = named.getName();
        }
        return name == null ? LoginAccount.Unnamed.UNREADABLE : LoginAccount.named(name);
    }

    /** The password a token carries, for the one credential a request's token covers; {@code null} when it is of another type. */
    private static CharSequence passwordOf(Object credentials) {
        if (credentials instanceof CharSequence text) {
            return text;
        }
        return credentials instanceof char[] chars ? CharBuffer.wrap(chars) : null;
    }

    /**
     * The attempt, told on the answer ({@link LoginAnswer}: its headers where Spring bound a response too,
     * what the page reads); a refusal thrown as {@link PlaytchaLoginException}.
     */
    private LoginAttempt decided(HttpServletRequest request, HttpServletResponse response, LoginAccount account, CharSequence password) {
        SpringLoginRequest view = new SpringLoginRequest(request, settings.tokenHeader(), settings.tokenParameter());
        LoginAttempt attempt;
        try {
            attempt = login.decideCheck(view, account, password);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        LoginAnswer answer = new LoginAnswer(LOG);
        answer.hear(login, attempt, view);
        answer.tell(request, response);
        if (!attempt.proceeds()) {
            Object code = request.getAttribute(DecisionAttributes.ERROR_CODE);
            throw new PlaytchaLoginException(code == null ? LoginAttempt.TOKEN_REQUIRED : code.toString(),
                    LoginAnswer.refusal(attempt, request.getHeader("Accept")));
        }
        return attempt;
    }

    /** A check with no request bound to the thread: counted on its account, refused where no token could help. */
    private LoginAttempt outside(LoginAccount account) {
        LoginAttempt attempt = login.decideOutside(account);
        if (!attempt.proceeds()) {
            LOG.log(System.Logger.Level.DEBUG, "A password check with no web request was refused [code={0}]", LoginAttempt.TOKEN_REQUIRED);
            throw new PlaytchaLoginException(LoginAttempt.TOKEN_REQUIRED, LoginAnswer.refusal(attempt, null));
        }
        return attempt;
    }

    @Override
    public String toString() {
        return "Playtcha-guarded " + manager;
    }
}
