package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spring.security.PasswordToken;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerFormLoginAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerHttpBasicAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * One of Spring Security's own password login filters in a chain the guard joined: the {@code AuthenticationWebFilter}
 * that {@code formLogin()} or {@code httpBasic()} made. Each of its logins is decided up front, whichever manager it runs
 * on (the chain's, guarded where the chain was joined, or one the application gave the login, which the guard cannot see): the
 * filter's converter, which those specs always set to Spring's {@code ServerFormLoginAuthenticationConverter} or
 * {@code ServerHttpBasicAuthenticationConverter} and let no application change, is replaced at build, through the
 * filter's public setter, by a new one of the same class whose credentials are decided ({@link ReactivePasswordChecks#decide})
 * before the filter hands them to its manager. A refusal is the converter's error, a {@link PlaytchaLoginException},
 * which the filter answers with its own failure handler as any failed login. While the filter authenticates, and not in
 * the filters and handler after it, a {@link LoginRun} is in the Reactor {@code Context}, holding that answer: a guarded
 * manager reached inside with the same credentials decides nothing again and tells the answer's outcome what its check
 * came to; a guarded user store's lookup there is no new check. Where no guarded manager took the
 * answer, the login's outcome is not known (its attempt, counted in advance, stays counted) and a WARNING says once that
 * the login runs on a manager the guard does not hold. design/login-guard.md, 16.1.
 */
final class PasswordLogin implements WebFilter {

    private static final System.Logger LOG = ReactiveGuardLogger.LOG;

    private final WebFilter filter;
    private final String name;
    private final ReactivePasswordChecks checks;
    private final ServerAuthenticationConverter springs;
    private final AtomicBoolean warned = new AtomicBoolean();

    private PasswordLogin(AuthenticationWebFilter filter, boolean basic, ReactivePasswordChecks checks) {
        this.filter = filter;
        this.name = basic ? "httpBasic()" : "formLogin()";
        this.checks = checks;
        this.springs = basic ? new ServerHttpBasicAuthenticationConverter() : new ServerFormLoginAuthenticationConverter();
    }

    /** {@code filter}, made by {@code httpBasic()} ({@code basic}) or {@code formLogin()}, its logins decided by {@code checks}. */
    static PasswordLogin held(AuthenticationWebFilter filter, boolean basic, ReactivePasswordChecks checks) {
        PasswordLogin login = new PasswordLogin(filter, basic, checks);
        filter.setServerAuthenticationConverter(login::converted);
        return login;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        WebFilterChain after = next -> chain.filter(next).contextWrite(context -> context.delete(LoginRun.KEY));
        return Mono.defer(() -> {
            LoginRun run = new LoginRun();
            return filter.filter(exchange, after).doFinally(signal -> ended(run)).contextWrite(context -> context.put(LoginRun.KEY, run));
        });
    }

    /** The credentials Spring's converter reads from {@code exchange}, decided before they go on to the manager. */
    private Mono<Authentication> converted(ServerWebExchange exchange) {
        return springs.convert(exchange).flatMap(login -> Mono.deferContextual(context -> {
            LoginRun run = LoginRun.of(context);
            if (run == null || !PasswordToken.isOne(login)) {
                return Mono.just(login);
            }
            run.claim(); // the first claim of its run, always: the filter converts before anything it runs looks a user up
            return checks.decide(context, PasswordToken.account(login), PasswordToken.password(login.getCredentials()))
                    .map(answer -> {
                        run.upFront(login, answer);
                        return login;
                    });
        }));
    }

    /** The WARNING, once, when {@code run} let a login go on that no guarded manager took. */
    private void ended(LoginRun run) {
        if (run.untaken() && warned.compareAndSet(false, true)) {
            Schedulers.boundedElastic().schedule(() -> LOG.log(Level.WARNING, "A password login of " + name + " runs on a "
                    + "ReactiveAuthenticationManager the Playtcha guard does not hold; its checks are decided before it runs, and "
                    + "its outcomes are not known (each attempt counted in advance stays counted). Give the login the chain's "
                    + "manager (http.authenticationManager(...)), a ReactiveAuthenticationManager bean, or "
                    + "playtchaLoginGuard.guard(...); see docs/webflux.md"));
        }
    }

    @Override
    public String toString() {
        return name + " " + filter;
    }
}
