package com.playtcha.jakarta.spring.security;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * One of Spring Security's own password login filters in a chain the guard joined: the {@code AuthenticationWebFilter}
 * that {@code formLogin()} or {@code httpBasic()} made, whose converter gives a username and password. Its manager is
 * the chain's (guarded: {@link JoinedHttp}) unless the application gave the login one of its own
 * ({@code formLogin(form -> form.authenticationManager(...))}), which the guard cannot see. While this filter
 * authenticates, and not in the filters and handler after it, a {@link Run} is in the Reactor {@code Context}: a
 * guarded user store's lookup made there with no check decided ({@link ReactivePart}) is this login's, and is
 * decided before the store is asked; a WARNING says once that the login's manager is not held, so that its outcomes
 * are not known (each attempt counted in advance stays counted). Nothing else changes in what the filter does.
 */
final class PasswordLogin implements WebFilter {

    private static final System.Logger LOG = System.getLogger(ReactivePlaytchaLoginGuard.class.getName());
    private static final Object KEY = PasswordLogin.class;

    private final WebFilter filter;
    private final String name;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** {@code filter}, made by {@code name} ({@code formLogin()}, {@code httpBasic()}). */
    PasswordLogin(WebFilter filter, String name) {
        this.filter = filter;
        this.name = name;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        WebFilterChain after = next -> chain.filter(next).contextWrite(context -> context.delete(KEY));
        return filter.filter(exchange, after).contextWrite(context -> context.put(KEY, new Run(this)));
    }

    /** The password login authenticating where {@code context} was read, or {@code null}. */
    static Run running(ContextView context) {
        return context.getOrDefault(KEY, null);
    }

    /** The filter this is. */
    WebFilter filter() {
        return filter;
    }

    @Override
    public String toString() {
        return name + " " + filter;
    }

    /** One authentication of the filter: decided by a lookup at most once. */
    static final class Run {
        private final PasswordLogin login;
        private final AtomicBoolean decided = new AtomicBoolean();

        Run(PasswordLogin login) {
            this.login = login;
        }

        /** Whether nothing decided this login yet; from now on, something has (the caller). */
        boolean undecided() {
            boolean first = decided.compareAndSet(false, true);
            if (first && login.warned.compareAndSet(false, true)) {
                Schedulers.boundedElastic().schedule(() -> LOG.log(Level.WARNING, "A password login of " + login.name + " runs on a "
                        + "ReactiveAuthenticationManager the Playtcha guard does not hold; its checks are decided where its user "
                        + "store is asked, and its outcomes are not known (each attempt counted in advance stays counted). Give the "
                        + "login the chain's manager (http.authenticationManager(...)), a ReactiveAuthenticationManager bean, or "
                        + "playtchaLoginGuard.guard(...); see docs/webflux.md"));
            }
            return first;
        }
    }
}
