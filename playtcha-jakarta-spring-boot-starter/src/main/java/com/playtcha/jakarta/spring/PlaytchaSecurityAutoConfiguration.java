package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.security.reactive.ReactiveGuarding;
import com.playtcha.jakarta.spring.security.reactive.ReactiveLoginExchange;
import com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginExceptionHandler;
import com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginGuard;
import com.playtcha.jakarta.spring.security.servlet.Guarding;
import com.playtcha.jakarta.spring.security.servlet.PlaytchaLoginExceptionHandler;
import com.playtcha.jakarta.spring.security.servlet.PlaytchaLoginGuard;
import com.playtcha.jakarta.spring.security.servlet.PlaytchaLoginPage;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Playtcha's login policy for Spring Security, switched on by setting {@code playtcha.login.require}
 * ({@code always} or {@code after-failures}) in an application with Spring Security: the
 * {@link PlaytchaLoginGuard} decides every password where it is checked or judged: in each
 * {@code AuthenticationManager} Spring Security builds, in each chain's shared manager however it was given
 * ({@code http.authenticationManager(...)} included), and in the application's
 * {@code AuthenticationManager}, {@code AuthenticationProvider}, {@code PasswordEncoder},
 * {@code UserDetailsService} and {@code UserDetailsPasswordService} beans ({@link Guarding});
 * {@link PlaytchaLoginPage} tells login pages whether to show the widget; {@link PlaytchaLoginExceptionHandler}
 * answers a refused JSON login with the envelope. The start fails where a password could be checked on a
 * manager or user store the guard cannot reach (a chain built without {@code HttpSecurity}, a login filter
 * added to a chain by hand or registered as a servlet filter outside every chain, a
 * {@code DigestAuthenticationFilter}, such a bean of a final class). In a reactive
 * (WebFlux) application the {@link ReactivePlaytchaLoginGuard} does the same for reactive Spring Security
 * ({@link ReactiveGuarding}). Without the setting, Spring Security's logins are left alone. It is the one class that
 * names both guards' packages ({@code spring.security.servlet}, {@code spring.security.reactive}), a floor above them
 * (design/login-guard.md, 18.3). The guides: docs/spring-security.md, docs/webflux.md.
 *
 * <pre>{@code
 * playtcha.login.require=after-failures
 * }</pre>
 */
@AutoConfiguration(after = PlaytchaAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.security.authentication.AuthenticationManager",
        "org.springframework.security.config.ObjectPostProcessor"})
@ConditionalOnProperty(prefix = "playtcha.login", name = "require")
public class PlaytchaSecurityAutoConfiguration {

    /** The servlet stack's guard, in a servlet application or in none (a check outside any request). */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotReactive.class)
    static class Blocking {

        /** The guard, over the application's verifier and the counts held beside it. */
        @Bean(PlaytchaLoginGuard.BEAN)
        PlaytchaLoginGuard playtchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier,
                ObjectProvider<LoginFailures> loginFailures) {
            return new PlaytchaLoginGuard(settings, verifier, loginFailures.getIfAvailable());
        }

        /**
         * Guards each {@code HttpSecurity} Spring Security hands out, what {@code AuthenticationConfiguration}
         * hands out and each {@code AuthenticationManager} bean.
         */
        @Bean
        static Guarding playtchaAuthenticationManagers(ObjectProvider<PlaytchaLoginGuard> guard) {
            return new Guarding(guard);
        }
    }

    /** A servlet web application, or none: the servlet guard's side (a reactive application has its own). */
    static final class NotReactive extends AnyNestedCondition {
        NotReactive() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        static final class Servlet {
        }

        @ConditionalOnNotWebApplication
        static final class None {
        }
    }

    /** What a servlet application gets besides: the login pages' answer and the JSON login's refusal. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        FilterRegistrationBean<PlaytchaLoginPage> playtchaLoginPage(PlaytchaLoginGuard guard) {
            FilterRegistrationBean<PlaytchaLoginPage> registration = new FilterRegistrationBean<>(new PlaytchaLoginPage(guard));
            registration.setName("playtchaLoginPage");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
        PlaytchaLoginExceptionHandler playtchaLoginExceptionHandler() {
            return new PlaytchaLoginExceptionHandler();
        }
    }

    /**
     * A reactive (WebFlux) application: the reactive guard ({@link ReactivePlaytchaLoginGuard}), the filter that puts each
     * exchange into the Reactor {@code Context} ({@link ReactiveLoginExchange}), the JSON login's refusal, and what puts the
     * guard on every {@code ReactiveAuthenticationManager} a chain can check passwords with ({@link ReactiveGuarding}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = {"org.springframework.security.config.web.server.ServerHttpSecurity",
            "org.springframework.security.web.server.authentication.AuthenticationWebFilter", "reactor.core.publisher.Mono"})
    static class Reactive {

        @Bean(name = ReactivePlaytchaLoginGuard.BEAN, destroyMethod = "close")
        ReactivePlaytchaLoginGuard reactivePlaytchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier,
                ObjectProvider<LoginFailures> loginFailures) {
            return new ReactivePlaytchaLoginGuard(settings, new ReactivePlaytchaVerifier(verifier), loginFailures.getIfAvailable());
        }

        @Bean
        ReactiveLoginExchange playtchaLoginExchange() {
            return new ReactiveLoginExchange();
        }

        @Bean
        ReactivePlaytchaLoginExceptionHandler reactivePlaytchaLoginExceptionHandler() {
            return new ReactivePlaytchaLoginExceptionHandler();
        }

        /**
         * Guards each {@code ServerHttpSecurity} Spring Security hands out, the manager it builds, and the manager and
         * user-store beans.
         */
        @Bean
        static ReactiveGuarding playtchaReactiveAuthenticationManagers(ObjectProvider<ReactivePlaytchaLoginGuard> guard) {
            return new ReactiveGuarding(guard);
        }
    }
}
