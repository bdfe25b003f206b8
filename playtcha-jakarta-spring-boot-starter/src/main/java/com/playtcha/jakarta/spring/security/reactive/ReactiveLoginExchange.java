package com.playtcha.jakarta.spring.security.reactive;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Puts each exchange into the Reactor {@code Context} of everything its request subscribes to (Spring Security's
 * filters, the handler, what they call), under a key of the guard's own, so that a guarded
 * {@code ReactiveAuthenticationManager} knows the request of the check it decides without a thread holding it. A
 * check subscribed outside that (a job, a {@code subscribe()} of its own) has no exchange: a check outside any
 * request. Registered by {@code PlaytchaSecurityAutoConfiguration} in a reactive application, ordered at
 * {@link #ORDER}, before Spring Security's filter chain (-100).
 *
 * <p>Internal to the starter, not an API: public so that {@code PlaytchaSecurityAutoConfiguration}, a floor up, can register it.
 */
public final class ReactiveLoginExchange implements WebFilter, Ordered {

    /** Before Spring Security's {@code WebFilterChainProxy} and the starter's {@code PlaytchaWebFilter}. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;
    private static final Object KEY = ReactiveLoginExchange.class;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).contextWrite(context -> context.put(KEY, exchange));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The exchange of the request {@code context} was read in, or {@code null}. */
    static ServerWebExchange of(ContextView context) {
        return context.getOrDefault(KEY, null);
    }
}
