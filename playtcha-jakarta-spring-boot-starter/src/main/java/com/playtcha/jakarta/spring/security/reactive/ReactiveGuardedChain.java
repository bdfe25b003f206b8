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
 * itself, past the proxy (6.5's {@code and()}), is not one of these, and {@link ReactiveChainCheck} says so.
 * design/login-guard.md, 16.3.
 */
final class ReactiveGuardedChain implements MethodInterceptor {

    /** Each {@code ServerHttpSecurity} joined, weakly, with what its proxies share: a customizer bean's and the bean's own. */
    private static final Map<ServerHttpSecurity, ReactiveGuardedChain> JOINED = Collections.synchronizedMap(new WeakHashMap<>());

    private final ReactivePlaytchaLoginGuard guard;
    private final Set<WebFilter> byHand = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** Filters added by hand at a login's place ({@link #LOGINS}), with that place. */
    private final Map<WebFilter, SecurityWebFiltersOrder> atLogins = Collections.synchronizedMap(new IdentityHashMap<>());

    /** The places where Spring Security's logins run: a filter added there may be one, wrapped. */
    private static final Set<SecurityWebFiltersOrder> LOGINS = Set.of(SecurityWebFiltersOrder.HTTP_BASIC,
            SecurityWebFiltersOrder.FORM_LOGIN, SecurityWebFiltersOrder.AUTHENTICATION);

    private ReactiveGuardedChain(ReactivePlaytchaLoginGuard guard) {
        this.guard = guard;
    }

    /** {@code http}, configured through the guard from now on; the proxy as it is. */
    static ServerHttpSecurity join(ServerHttpSecurity http, ReactivePlaytchaLoginGuard guard) {
        if (http instanceof Advised advised && advised.getAdvisors().length > 0
                && advised.getAdvisors()[0].getAdvice() instanceof ReactiveGuardedChain) {
            return http;
        }
        ProxyFactory proxy = new ProxyFactory();
        proxy.addAdvice(JOINED.computeIfAbsent(http, joined -> new ReactiveGuardedChain(guard)));
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


    /** A chain a joined {@code ServerHttpSecurity} built: its filters, Spring's password logins held. */
    static final class Chain implements SecurityWebFilterChain {
        private final SecurityWebFilterChain built;
        private final List<WebFilter> filters;
        /** Read by the start's look ({@link ReactiveChainCheck}). */
        final Set<WebFilter> byHand;
        final Map<WebFilter, SecurityWebFiltersOrder> atLogins;

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
