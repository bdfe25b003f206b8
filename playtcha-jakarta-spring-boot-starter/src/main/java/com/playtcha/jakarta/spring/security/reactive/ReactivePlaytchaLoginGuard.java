package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.security.AccountPrincipal;
import com.playtcha.jakarta.spring.security.Guards;
import com.playtcha.jakarta.spring.security.PasswordChecks;
import com.playtcha.jakarta.spring.security.PasswordlessAuthentication;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Playtcha's login policy ({@code playtcha.login.require}) for reactive Spring Security (WebFlux), built by
 * {@code PlaytchaSecurityAutoConfiguration} from the application's settings, its verifier and the failed-login counts
 * held beside it (bean {@value #BEAN}). It decides a password where a {@code ReactiveAuthenticationManager} checks it:
 * the managers of every {@code SecurityWebFilterChain} ({@code formLogin()}, {@code httpBasic()}), the one Spring
 * Security builds over the {@code ReactiveUserDetailsService} bean, and the application's
 * {@code ReactiveAuthenticationManager} beans, however declared (docs/webflux.md, "Logins"); Spring's user-store
 * manager built in place over the {@code ReactiveUserDetailsService} bean is decided where it asks the store. A manager
 * of the application's own built in place and called directly, by a controller or a login filter of the application's
 * own, is guarded by {@link #guard}, or its filter made by {@link #authenticationWebFilter}:
 *
 * <pre>{@code
 * ReactiveAuthenticationManager manager = reactivePlaytchaLoginGuard.guard(new UserDetailsRepositoryReactiveAuthenticationManager(users));
 * }</pre>
 *
 * <p>The rules are the servlet guard's ({@code PlaytchaLoginGuard}): only a password check is decided, on the account its
 * token names ({@link AccountPrincipal}, {@link PasswordlessAuthentication}); under {@code always} it needs a valid token
 * ({@code Playtcha-Token} header or {@code playtcha-token} form field), which covers the one credential it was sent with;
 * under {@code after-failures} it goes on without one while its counts are below their limits; it is counted on what
 * was judged; with no request it is a check outside any request. The token is verified without blocking, and nothing
 * of the guard's blocks an event loop ({@link ReactivePasswordChecks}). A refusal is a {@link PlaytchaLoginException}, which
 * a form or HTTP Basic login answers as any failed login, and a JSON login's controller with the envelope
 * ({@link ReactivePlaytchaLoginExceptionHandler}). A login page asks {@link #needsToken} whether to show the widget.
 */
public final class ReactivePlaytchaLoginGuard {

    /** The name under which the guard is a bean. */
    public static final String BEAN = "reactivePlaytchaLoginGuard";

    private final ReactivePasswordChecks checks;
    /** Where the application's servlet password parts have their checks decided: as checks outside any request. */
    private final PasswordChecks servletParts;
    /** The login filters this guard made, on managers it holds. */
    private final Set<WebFilter> made = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * The guard over {@code verifier} and the counts held beside it ({@code loginFailures}, {@code null}: none). Made by
     * {@code PlaytchaSecurityAutoConfiguration} as the bean {@value #BEAN}: take that bean, a guard of your own guards nothing
     * Spring Security builds.
     */
    public ReactivePlaytchaLoginGuard(PlaytchaSettings settings, ReactivePlaytchaVerifier verifier, LoginFailures loginFailures) {
        this.checks = new ReactivePasswordChecks(settings, loginFailures, verifier);
        this.servletParts = new PasswordChecks((account, password) -> checks.outside(account));
    }

    /** {@code manager}, each of its {@code authenticate} calls decided by the policy first; a guarded one as it is. */
    public ReactiveAuthenticationManager guard(ReactiveAuthenticationManager manager) {
        return Guards.guarded(manager) ? manager
                : (ReactiveAuthenticationManager) Guards.proxied(manager, ReactiveAuthenticationManager.class,
                        new ReactivePartGuard(checks, manager), null);
    }

    /**
     * A login filter on {@code manager}, guarded, for a chain's login of the application's own (a JSON login): configure
     * it (its converter, matcher, handlers) and add it to the chain by hand, which the start allows for this filter alone.
     */
    public AuthenticationWebFilter authenticationWebFilter(ReactiveAuthenticationManager manager) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(guard(manager));
        made.add(filter);
        return filter;
    }

    /**
     * Whether the login page shown for {@code exchange} should show the widget: every login needs a token
     * ({@code always}), the last login of its session was refused for want of one, or its client's or the application's
     * counts ask for one. Never an error; it does not block.
     */
    public Mono<Boolean> needsToken(ServerWebExchange exchange) {
        return checks.needsToken(exchange);
    }

    /** Where the parts this guard holds have their checks decided. */
    ReactivePasswordChecks checks() {
        return checks;
    }

    /** Where the servlet password parts of the application (its manager, provider and user-store beans) have their checks decided. */
    PasswordChecks servletParts() {
        return servletParts;
    }

    /** Whether this guard made {@code filter} ({@link #authenticationWebFilter}). */
    boolean made(WebFilter filter) {
        return made.contains(filter);
    }

    /** Stops what the guard runs (the counts' threads). */
    void close() {
        checks.close();
    }
}
