package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.servlet.ServletLoginAnswer;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spi.web.ObserveNote;
import com.playtcha.jakarta.spring.security.Aliases;
import com.playtcha.jakarta.spring.security.Decider;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The servlet stack's {@link Decider}: a check is decided on the web request Spring binds to the thread
 * ({@code RequestContextHolder}) and told on it ({@link ServletLoginAnswer}: headers where Spring bound a response too,
 * what the page reads); with no request bound, as one outside any request ({@code playtcha.login.outside-requests}).
 */
final class BoundRequest implements Decider {

    private static final System.Logger LOG = GuardLogger.LOG;

    private final WebLogin login;
    private final PlaytchaSettings settings;
    /** Observe mode's note, which any client writes with one login: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    private final Aliases aliases;

    BoundRequest(WebLogin login, PlaytchaSettings settings) {
        this.login = login;
        this.settings = settings;
        this.aliases = new Aliases(settings);
    }

    /** An alias ({@link Aliases}): refused where it needs a token and the check carried none, told on the request. */
    @Override
    public LoginAnswer alias(LoginAccount.Named typed, String stored, boolean tokenless) {
        if (!aliases.another(typed, stored)) {
            return null;
        }
        LoginAnswer answer = login.decideOutside(LoginAccount.named(stored));
        if (answer.proceeds() || !tokenless) {
            return answer.proceeds() ? answer : null; // a check whose token was verified is not asked for one again
        }
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes web) {
            ServletLoginAnswer.setHeadersAndPage(web.getRequest(), web.getResponse(), answer);
        }
        throw PlaytchaLoginException.of(answer);
    }

    /** The answer to a check on {@code account} with {@code password}, on the request bound to the thread or outside any. */
    @Override
    public LoginAnswer decide(LoginAccount account, CharSequence password) {
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
        ObserveNote.log(answer.observeNote(), LOG, observed);
        ServletLoginAnswer.setHeadersAndPage(request, response, answer);
        if (!answer.proceeds()) {
            throw PlaytchaLoginException.of(answer);
        }
        return answer;
    }

    /** A check with no request bound to the thread: counted on its account, refused where no token could help. */
    private LoginAnswer outside(LoginAccount account) {
        LoginAnswer answer = login.decideOutside(account);
        if (!answer.proceeds()) {
            LOG.log(System.Logger.Level.DEBUG, "A password check with no web request was refused [code={0}]", LoginAttempt.TOKEN_REQUIRED);
            throw PlaytchaLoginException.of(answer);
        }
        return answer;
    }
}
