package com.playtcha.jakarta.spring.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ServletApiConfigurer;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * What the guard adds to each {@code HttpSecurity} Spring Security hands out: a configurer that guards the
 * chain's shared {@code AuthenticationManager} however it was given (built from the chain's
 * {@code AuthenticationManagerBuilder}, post-processed, or set by {@code http.authenticationManager(...)},
 * which no post-processor sees) before the login configurers ({@code formLogin()}, {@code httpBasic()},
 * {@code servletApi()}'s {@code request.login}, ...) read it; and, in the chain it builds, a filter that
 * passes every request on and only shows that the chain was built so. A {@code SecurityFilterChain} bean
 * without it was built another way, and the start fails ({@link PlaytchaSecurityAutoConfiguration}).
 */
final class GuardedChain implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
    }

    /**
     * Adds the guarding configurer to {@code http}, first among those that read the shared manager: the
     * defaults Spring Security applied before handing it out include {@code servletApi()}, which is applied
     * again after it (with its defaults, as it stood).
     */
    static void join(HttpSecurity http, PlaytchaLoginGuard guard) {
        try {
            boolean servletApi = http.removeConfigurer(ServletApiConfigurer.class) != null;
            http.with(new Configurer(guard), configurer -> { });
            if (servletApi) {
                http.servletApi(configurer -> { });
            }
        } catch (Exception e) {
            throw new IllegalStateException("Playtcha could not guard the logins of a SecurityFilterChain", e);
        }
    }

    /** Guards the chain's shared manager, once Spring Security has set it, and marks the chain. */
    private static final class Configurer extends AbstractHttpConfigurer<Configurer, HttpSecurity> {
        private final PlaytchaLoginGuard guard;

        Configurer(PlaytchaLoginGuard guard) {
            this.guard = guard;
        }

        @Override
        public void configure(HttpSecurity http) {
            AuthenticationManager shared = http.getSharedObject(AuthenticationManager.class);
            if (shared != null) {
                http.setSharedObject(AuthenticationManager.class, guard.guard(shared));
            }
            http.addFilterBefore(new GuardedChain(), SecurityContextHolderFilter.class);
        }
    }
}
