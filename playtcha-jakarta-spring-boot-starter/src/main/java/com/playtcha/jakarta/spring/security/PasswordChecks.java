package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.servlet.ServletLoginAnswer;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.WebLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.springframework.security.core.Authentication;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the guard decides a password check, for every part it holds: a guarded manager or provider called
 * with a password token ({@link PasswordToken}) decides it on entry, unless a check is already running on the
 * thread ({@link CheckFrame}), a guarded {@code PasswordEncoder}'s {@code matches} decides it at the
 * judgment when nothing decided it before, on the account the last user-store lookup of the request named, and a
 * guarded user store asked by one of Spring's password parts the guard does not hold decides it at the lookup.
 * A decision on a web request (the one Spring binds, {@code RequestContextHolder}) is told on it
 * ({@link ServletLoginAnswer}: headers where Spring bound a response too, what the page reads) and a refusal is
 * thrown as {@link PlaytchaLoginException} before anything is judged; with no request bound the check is
 * decided as one outside any request ({@code playtcha.login.outside-requests}). Tokens that carry no
 * password pass undecided.
 */
final class PasswordChecks {

    private static final System.Logger LOG = System.getLogger(PlaytchaLoginGuard.class.getName());

    private final WebLogin login;
    private final PlaytchaSettings settings;
    /** Observe mode's note, which any client writes with one login: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    PasswordChecks(WebLogin login, PlaytchaSettings settings) {
        this.login = login;
        this.settings = settings;
    }

    /** {@code call}, a guarded {@code part}'s call with {@code authentication}, decided first if it is a password check none decided. */
    Object authenticate(Authentication authentication, CheckFrame.Part part, Object target, CheckFrame.Call call) throws Throwable {
        CheckFrame running = CheckFrame.current();
        boolean checksAPassword = PasswordToken.isOne(authentication);
        if (checksAPassword && (running == null || running.passwordless())) {
            LoginAnswer answer = decide(PasswordToken.account(authentication), PasswordToken.password(authentication.getCredentials()));
            return CheckFrame.decided(answer.outcome(), part, target, authentication, call);
        }
        if (checksAPassword) { // inside a check this thread runs: its part, decided there
            return running.inside(part, target, authentication, call);
        }
        return running == null ? CheckFrame.passwordless(call) : call.proceed();
    }

    /** A guarded encoder's judgment of {@code raw} (a {@code Boolean}): recorded in the running check, else decided here. */
    Object judged(CharSequence raw, CheckFrame.Call judgment) throws Throwable {
        CheckFrame running = CheckFrame.current();
        if (running != null) {
            return running.judged(judgment);
        }
        CheckFrame.Lookup last = CheckFrame.lastLookup();
        if (last != null && last.decided()) { // decided where the store was asked: this is that check's judgment
            return CheckFrame.judgedHere(last.outcome(), judgment);
        }
        LoginAnswer answer = decide(last == null ? LoginAccount.Unnamed.UNREADABLE : last.account(), raw);
        return CheckFrame.judgedHere(answer.outcome(), judgment);
    }

    /**
     * A guarded user store's {@code lookup} of {@code name}: noted for the judgment that may follow, and, when one of
     * Spring's own password parts that no guarded call holds asks it ({@link StoreCaller}: a
     * {@code DaoAuthenticationProvider} built in place, judging with an encoder of its own), the check decided here,
     * on the name asked and a password unknown, before the part compares anything. Its outcome is told by a judgment
     * the guard sees (the encoder bean's); with none, what was counted in advance stays counted.
     */
    Object lookedUp(String name, CheckFrame.Call lookup) throws Throwable {
        CheckFrame running = CheckFrame.current();
        if ((running == null || running.passwordless()) && StoreCaller.springsPasswordPart()) {
            CheckFrame.decidedAtLookup(name, decide(LoginAccount.named(name), null).outcome());
        } else {
            CheckFrame.lookedUp(name);
        }
        return lookup.proceed();
    }

    /** The answer to a check on {@code account} with {@code password}, on the request bound to the thread or outside any. */
    private LoginAnswer decide(LoginAccount account, CharSequence password) {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web
                ? decided(web.getRequest(), web.getResponse(), account, password)
                : outside(account);
    }

    /**
     * The check's answer, told on the request ({@link ServletLoginAnswer}: its headers where Spring bound a response
     * too, what the page reads); a refusal thrown as {@link PlaytchaLoginException}.
     */
    private LoginAnswer decided(HttpServletRequest request, HttpServletResponse response, LoginAccount account, CharSequence password) {
        LoginAnswer answer;
        try {
            answer = login.decideCheck(new SpringLoginRequest(request, settings.tokenHeader(), settings.tokenParameter()), account,
                    password);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        if (answer.observeNote() != null) {
            long since = observed.count(System.nanoTime());
            LOG.log(since > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, answer.observeNote().line(since));
        }
        ServletLoginAnswer.setHeadersAndPage(request, response, answer);
        if (!answer.proceeds()) {
            Object code = request.getAttribute(DecisionAttributes.ERROR_CODE);
            throw new PlaytchaLoginException(code == null ? LoginAttempt.TOKEN_REQUIRED : code.toString(), answer.refusal());
        }
        return answer;
    }

    /** A check with no request bound to the thread: counted on its account, refused where no token could help. */
    private LoginAnswer outside(LoginAccount account) {
        LoginAnswer answer = login.decideOutside(account);
        if (!answer.proceeds()) {
            LOG.log(System.Logger.Level.DEBUG, "A password check with no web request was refused [code={0}]", LoginAttempt.TOKEN_REQUIRED);
            throw new PlaytchaLoginException(LoginAttempt.TOKEN_REQUIRED, answer.refusal());
        }
        return answer;
    }
}
