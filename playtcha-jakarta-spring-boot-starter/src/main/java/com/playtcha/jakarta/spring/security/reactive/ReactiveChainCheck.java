package com.playtcha.jakarta.spring.security.reactive;

import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.WebFilter;

/**
 * The start's look at every {@code SecurityWebFilterChain} bean and every {@code WebFilter} bean of a reactive
 * application: it fails, naming the chain, the filter and the way out, where a login filter holds a
 * {@code ReactiveAuthenticationManager} the guard cannot see. A login filter added to a chain by hand, unless the guard
 * made it ({@code reactivePlaytchaLoginGuard.authenticationWebFilter(manager)}); one in a chain no
 * {@code ServerHttpSecurity} the guard joined built ({@link ReactiveGuardedChain}); a filter the guard cannot classify
 * added at a login's place; a login filter, or a filter chain proxy of the application's own, that WebFlux runs outside
 * every security chain. The servlet guard's mirror is {@code ChainCheck}. design/login-guard.md, 16.3.
 */
final class ReactiveChainCheck {

    private ReactiveChainCheck() {
    }

    /**
     * The start's look at the {@code SecurityWebFilterChain} bean {@code name}: it fails, naming the chain, the filter and
     * the way out, where a login filter holds a manager the guard cannot see: added to a joined chain by hand (unless
     * {@code guard} made it), or in a chain no joined {@code ServerHttpSecurity} built; and where a filter the guard cannot
     * classify (a lambda, a class of the application's own that is no {@code AuthenticationWebFilter}) was added at a
     * login's place ({@code HTTP_BASIC}, {@code FORM_LOGIN}, {@code AUTHENTICATION}): it may wrap a login filter, which no
     * look at its type can see.
     */
    static void inspect(String name, SecurityWebFilterChain chain, ReactivePlaytchaLoginGuard guard) {
        String named = "SecurityWebFilterChain bean '" + name + "'";
        if (chain instanceof ReactiveGuardedChain.Chain joined) {
            for (WebFilter filter : joined.byHand) {
                if (login(filter) && !guard.made(filter)) {
                    throw refused(named, filter, "was added to the chain by hand (http.addFilterAt(...)), on a "
                            + "ReactiveAuthenticationManager "
                            + "the guard cannot see. Make it with reactivePlaytchaLoginGuard.authenticationWebFilter(manager), or log in "
                            + "with formLogin() or httpBasic()");
                }
                SecurityWebFiltersOrder place = joined.atLogins.get(filter);
                if (place != null && !(filter instanceof AuthenticationWebFilter) && !filter.getClass().getName().startsWith(
                        "org.springframework.")) {
                    throw refused(named, filter, "was added at SecurityWebFiltersOrder." + place + ", where logins run, and the guard "
                            + "cannot tell what it checks passwords with (a lambda or a filter of your own may wrap an "
                            + "AuthenticationWebFilter on a manager the guard cannot see). Add the login filter itself, made with "
                            + "reactivePlaytchaLoginGuard.authenticationWebFilter(manager), or add your filter at another place "
                            + "(http.addFilterBefore/After(...))");
                }
            }
            return;
        }
        for (WebFilter filter : chain.getWebFilters().toIterable()) {
            if (login(filter)) {
                throw refused(named, filter, "is in a chain not built by the ServerHttpSecurity Spring Security hands out (a chain "
                        + "made by hand, ServerHttpSecurity.http(), or one built past it after 6.5's and()), so its logins could not be "
                        + "guarded. Build it on the ServerHttpSecurity given to the bean method, with the lambda DSL: http.build()");
            }
        }
    }

    /**
     * The start's look at the {@code WebFilter} bean {@code name}, which WebFlux runs on every exchange outside Spring
     * Security's chains: a login filter {@code guard} did not make fails the start, and so does a
     * {@code WebFilterChainProxy} other than Spring Security's own ({@code springs}), whose chains the guard cannot see
     * (the proxy has no getter for them).
     */
    static void inspectBean(String name, WebFilter filter, boolean springs, ReactivePlaytchaLoginGuard guard) {
        String named = "WebFilter bean '" + name + "'";
        if (login(filter) && !guard.made(filter)) {
            throw refused(named, filter, "is a login filter WebFlux runs outside every security chain, on a "
                    + "ReactiveAuthenticationManager the guard cannot see. Log in with formLogin() or httpBasic() in a "
                    + "SecurityWebFilterChain, or make the filter with reactivePlaytchaLoginGuard.authenticationWebFilter(manager)");
        }
        if (filter instanceof WebFilterChainProxy && !springs) {
            throw refused(named, filter, "is a filter chain proxy of your own, whose chains the guard cannot see (a chain built on "
                    + "ServerHttpSecurity.http() is built past it). Declare each chain as a SecurityWebFilterChain bean built on the "
                    + "ServerHttpSecurity Spring Security hands out, and let Spring Security make the proxy");
        }
    }

    /**
     * Whether {@code filter} checks credentials on a manager it was given: an {@code AuthenticationWebFilter}, not one of
     * Spring's own kinds.
     */
    private static boolean login(WebFilter filter) {
        return filter instanceof AuthenticationWebFilter
                && (filter.getClass() == AuthenticationWebFilter.class || !filter.getClass().getName().startsWith("org.springframework."));
    }

    private static IllegalStateException refused(String chain, WebFilter filter, String why) {
        return new IllegalStateException("playtcha.login.require is set, but " + filter.getClass().getName() + " in the " + chain + " "
                + why + "; or remove playtcha.login.require. See docs/webflux.md");
    }
}
