package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.spring.security.Guards;
import com.playtcha.jakarta.spring.security.SpringCaller;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;

/**
 * What the guard adds to each {@code HttpSecurity} Spring Security hands out: a configurer that puts the
 * guard on the chain's shared {@code AuthenticationManager} before any configurer reads it, whatever their
 * order, and, in the chain it builds, a filter that passes every request on and knows which of the chain's
 * filters were made once the manager was guarded. The configurer's {@code init} runs before any configurer's
 * {@code configure} and marks the build as this thread's; Spring Security's configurers pass what they make
 * to {@code postProcess}, which the guard's bean post-processor hears ({@link #madeWhileBuilding}), and the
 * first thing made once the shared manager is set (the CSRF filter, the exception handling's, ..., before any
 * login configurer) has the guard replace it with a guarded one. A login filter with a public setter for its
 * manager ({@code formLogin()}'s, {@code servletApi()}'s, an application's own
 * {@code AbstractAuthenticationProcessingFilter}) is handed the guarded manager when post-processed, whoever made
 * it; one without ({@code httpBasic()}'s) is known as made on it only when one of Spring Security's configurers
 * post-processed it once the manager was guarded. Any other login filter fails the start, named
 * ({@link ChainCheck}). design/login-guard.md, 15.1 and 15.3.
 */
final class GuardedChain implements Filter {

    /** The build this thread runs, weakly: a built chain's configurer must not stay reachable from a thread. */
    private static final ThreadLocal<WeakReference<Configurer>> BUILDING = new ThreadLocal<>();

    private final Set<Filter> madeOnGuarded = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
    }

    /** Whether {@code filter}, in this chain, was made once the chain's manager was guarded (or with no manager to guard). */
    boolean madeOnGuarded(Filter filter) {
        return madeOnGuarded.contains(filter);
    }

    /** Adds the guarding configurer to {@code http}. */
    static void join(HttpSecurity http, PlaytchaLoginGuard guard) {
        http.with(new Configurer(guard), configurer -> { });
    }

    /** Spring Security post-processed {@code object} on this thread: the chain being built there hears of it. */
    static void madeWhileBuilding(Object object) {
        WeakReference<Configurer> building = BUILDING.get();
        Configurer configurer = building == null ? null : building.get();
        if (configurer != null && !(object instanceof ProviderManager)) {
            configurer.made(object);
        }
    }

    /** No chain is being built on this thread any more (the filter chain proxy is made). */
    static void builtAll() {
        BUILDING.remove();
    }

    /** Guards the chain's shared manager before any configurer reads it, and marks what is made on it. */
    private static final class Configurer extends AbstractHttpConfigurer<Configurer, HttpSecurity> {
        private final PlaytchaLoginGuard guard;
        private final GuardedChain chain = new GuardedChain();
        private HttpSecurity http;

        Configurer(PlaytchaLoginGuard guard) {
            this.guard = guard;
        }

        @Override
        public void init(HttpSecurity builder) {
            http = builder;
            BUILDING.set(new WeakReference<>(this));
        }

        @Override
        public void configure(HttpSecurity builder) {
            made(null);
            builder.addFilterBefore(chain, SecurityContextHolderFilter.class);
        }

        /**
         * A configurer post-processed {@code object} during this build: the shared manager is guarded now if it was not.
         * A login filter is marked as made on it where the guard knows its manager: one with a public setter (an
         * {@code AbstractAuthenticationProcessingFilter}, {@code servletApi()}'s filter) is handed the guarded manager
         * through it, whoever made it; one without (a {@code BasicAuthenticationFilter}) only when one of Spring
         * Security's configurers post-processed it once the manager was guarded, since their code gives it the shared
         * manager just before. Any other filter is marked as before (what it checks is decided by the parts it calls).
         */
        void made(Object object) {
            AuthenticationManager shared = http == null ? null : http.getSharedObject(AuthenticationManager.class);
            boolean guardedBefore = shared == null || Guards.guarded(shared);
            if (!guardedBefore) {
                shared = guard.guard(shared);
                http.setSharedObject(AuthenticationManager.class, shared);
            }
            if (!(object instanceof Filter filter)) {
                return;
            }
            if (shared != null && filter instanceof AbstractAuthenticationProcessingFilter login && LoginFilters.checksPasswords(filter)) {
                login.setAuthenticationManager(shared);
                chain.madeOnGuarded.add(filter);
            } else if (shared != null && filter instanceof SecurityContextHolderAwareRequestFilter servletApi) {
                servletApi.setAuthenticationManager(shared);
                chain.madeOnGuarded.add(filter);
            } else if (guardedBefore && (!LoginFilters.checksPasswords(filter) || SpringCaller.springConfigurerPostProcesses())) {
                chain.madeOnGuarded.add(filter);
            }
        }
    }
}
