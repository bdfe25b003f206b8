package com.playtcha.jakarta.spring.security.reactive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.SingletonTargetSource;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the reactive guard adds to each {@code ServerHttpSecurity} Spring Security hands out (and that a
 * {@code Customizer<ServerHttpSecurity>} bean is given): a class proxy through which the application configures it. A
 * manager given to the chain ({@code http.authenticationManager(...)}) is guarded as it is given; the chain's own
 * default (the {@code ReactiveAuthenticationManager} bean, or the one Spring builds over the
 * {@code ReactiveUserDetailsService} bean) is guarded where it is made. A filter the application adds
 * ({@code addFilterAt}, {@code addFilterBefore}, {@code addFilterAfter}) is remembered as added by hand, and with its
 * place when added at a login's ({@code HTTP_BASIC}, {@code FORM_LOGIN}, {@code AUTHENTICATION}). At
 * {@code build()}, marks of the guard's own at the places of {@code httpBasic()}, {@code formLogin()} and the other
 * logins ({@code SecurityWebFiltersOrder}) tell which {@code AuthenticationWebFilter}s are Spring's password logins
 * ({@link PasswordLogin}: each of their logins decided up front, whatever its manager); the chain handed back is a
 * {@link Chain} of the same filters, those held and the marks gone. A chain built on the {@code ServerHttpSecurity}
 * itself, past the proxy (6.5's {@code and()}), is not one of these, and {@link #inspect} says so.
 * design/login-guard.md, 16.3.
 */
final class JoinedHttp implements MethodInterceptor {

    /** Each {@code ServerHttpSecurity} joined, weakly, with what its proxies share: a customizer bean's and the bean's own. */
    private static final Map<ServerHttpSecurity, JoinedHttp> JOINED = Collections.synchronizedMap(new WeakHashMap<>());

    private final ReactivePlaytchaLoginGuard guard;
    private final Set<WebFilter> byHand = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** Filters added by hand at a login's place ({@link #LOGINS}), with that place. */
    private final Map<WebFilter, SecurityWebFiltersOrder> atLogins = Collections.synchronizedMap(new IdentityHashMap<>());

    /** The places where Spring Security's logins run: a filter added there may be one, wrapped. */
    private static final Set<SecurityWebFiltersOrder> LOGINS = Set.of(SecurityWebFiltersOrder.HTTP_BASIC,
            SecurityWebFiltersOrder.FORM_LOGIN, SecurityWebFiltersOrder.AUTHENTICATION);

    private JoinedHttp(ReactivePlaytchaLoginGuard guard) {
        this.guard = guard;
    }

    /** {@code http}, configured through the guard from now on; the proxy as it is. */
    static ServerHttpSecurity join(ServerHttpSecurity http, ReactivePlaytchaLoginGuard guard) {
        if (http instanceof Advised advised && advised.getAdvisors().length > 0
                && advised.getAdvisors()[0].getAdvice() instanceof JoinedHttp) {
            return http;
        }
        ProxyFactory proxy = new ProxyFactory();
        proxy.addAdvice(JOINED.computeIfAbsent(http, joined -> new JoinedHttp(guard)));
        proxy.setProxyTargetClass(true);
        proxy.setTargetSource(new SingletonTargetSource(http) {
            private static final long serialVersionUID = 1L;

            @Override
            public Class<?> getTargetClass() {
                return ServerHttpSecurity.class; // Spring's own subclass of it is private
            }
        });
        return (ServerHttpSecurity) proxy.getProxy(ServerHttpSecurity.class.getClassLoader());
    }

    @Override
    public Object invoke(MethodInvocation call) throws Throwable {
        Object[] arguments = call.getArguments();
        switch (call.getMethod().getName()) {
            case "authenticationManager" -> {
                if (arguments.length == 1 && arguments[0] instanceof ReactiveAuthenticationManager manager) {
                    arguments[0] = guard.guard(manager);
                }
            }
            case "addFilterAt", "addFilterBefore", "addFilterAfter" -> {
                if (arguments.length == 2 && arguments[0] instanceof WebFilter filter) {
                    byHand.add(filter);
                    if (call.getMethod().getName().equals("addFilterAt") && arguments[1] instanceof SecurityWebFiltersOrder order
                            && LOGINS.contains(order)) {
                        atLogins.put(filter, order);
                    }
                }
            }
            case "build" -> {
                if (arguments.length == 0) {
                    return built((ServerHttpSecurity) call.getThis());
                }
            }
            default -> {
            }
        }
        return call.proceed();
    }

    /** {@code http} built, Spring's password logins among its filters held, the marks that told them taken out. */
    private Chain built(ServerHttpSecurity http) {
        WebFilter basic = new Mark();
        WebFilter form = new Mark();
        WebFilter others = new Mark();
        http.addFilterAt(basic, SecurityWebFiltersOrder.HTTP_BASIC);
        http.addFilterAt(form, SecurityWebFiltersOrder.FORM_LOGIN);
        http.addFilterAt(others, SecurityWebFiltersOrder.AUTHENTICATION);
        SecurityWebFilterChain built = http.build();
        List<WebFilter> filters = new ArrayList<>();
        WebFilter after = null;
        for (WebFilter filter : built.getWebFilters().toIterable()) {
            if (filter instanceof Mark) {
                after = filter;
            } else if (filter.getClass() == AuthenticationWebFilter.class && (after == basic || after == form)
                    && !byHand.contains(filter)) {
                filters.add(PasswordLogin.held((AuthenticationWebFilter) filter, after == basic, guard.checks()));
            } else {
                filters.add(filter);
            }
        }
        return new Chain(built, filters, Set.copyOf(byHand.stream().filter(filters::contains).toList()), Map.copyOf(atLogins));
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
        if (chain instanceof Chain joined) {
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

    /** A chain a joined {@code ServerHttpSecurity} built: its filters, Spring's password logins held. */
    static final class Chain implements SecurityWebFilterChain {
        private final SecurityWebFilterChain built;
        private final List<WebFilter> filters;
        private final Set<WebFilter> byHand;
        private final Map<WebFilter, SecurityWebFiltersOrder> atLogins;

        Chain(SecurityWebFilterChain built, List<WebFilter> filters, Set<WebFilter> byHand,
                Map<WebFilter, SecurityWebFiltersOrder> atLogins) {
            this.built = built;
            this.filters = List.copyOf(filters);
            this.byHand = byHand;
            this.atLogins = atLogins;
        }

        @Override
        public Mono<Boolean> matches(ServerWebExchange exchange) {
            return built.matches(exchange);
        }

        @Override
        public Flux<WebFilter> getWebFilters() {
            return Flux.fromIterable(filters);
        }

        @Override
        public String toString() {
            return "Playtcha-guarded " + built;
        }
    }

    /** A place in a chain being built, passing every request on; never in a built chain. */
    private static final class Mark implements WebFilter {
        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return chain.filter(exchange);
        }
    }
}
