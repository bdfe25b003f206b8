package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.debug.DebugFilter;
import org.springframework.util.ClassUtils;

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
 * ({@link ReactiveGuarding}). Without the setting, Spring Security's logins are left alone. The guides:
 * docs/spring-security.md, docs/webflux.md.
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

    /**
     * The bean post-processor that puts the guard where passwords are checked and judged
     * (design/login-guard.md, 15): it adds the guard to each {@code HttpSecurity} ({@link GuardedChain#join});
     * guards each {@code ProviderManager} Spring Security builds, as it is post-processed, and every
     * {@code AuthenticationManager}, {@code AuthenticationProvider}, {@code PasswordEncoder},
     * {@code UserDetailsService} and {@code UserDetailsPasswordService} bean, by the type it is declared by
     * ({@link Guards}); and looks at the chains of every filter chain proxy, and at every {@code Filter} bean and
     * {@code FilterRegistrationBean}'s filter, once made ({@link ChainCheck}), failing the start where a filter checks
     * passwords the guard cannot decide.
     */
    static final class Guarding implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
        private static final String HTTP_SECURITY = "org.springframework.security.config.annotation.web.builders.HttpSecurity";
        /** Whether the Servlet API is there: without it (an application with no web stack of its own) nothing here is guarded. */
        private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.Filter", Guarding.class.getClassLoader());
        /** Whether Spring Boot's servlet registrations are there (a web application's): their filters are looked at too. */
        private static final boolean REGISTRATIONS = SERVLET
                && ClassUtils.isPresent("org.springframework.boot.web.servlet.FilterRegistrationBean", Guarding.class.getClassLoader());
        private final ObjectProvider<PlaytchaLoginGuard> guard;
        private ConfigurableListableBeanFactory beans;

        Guarding(ObjectProvider<PlaytchaLoginGuard> guard) {
            this.guard = guard;
        }

        @Override
        public void setBeanFactory(BeanFactory factory) {
            beans = factory instanceof ConfigurableListableBeanFactory configurable ? configurable : null;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
            if (ClassUtils.getUserClass(bean).getName().equals(HTTP_SECURITY)) {
                GuardedChain.join((HttpSecurity) bean, guard.getObject());
                return bean;
            }
            if (beans == null || !SERVLET) {
                return bean;
            }
            if (!beans.containsBeanDefinition(name)) { // made by Spring Security and handed to its ObjectPostProcessor
                GuardedChain.madeWhileBuilding(bean);
                boolean built = bean instanceof ProviderManager && !Guards.guarded(bean);
                return built ? Guards.built((ProviderManager) bean, guard.getObject().checks()) : bean;
            }
            if (bean instanceof FilterChainProxy || bean instanceof DebugFilter) {
                GuardedChain.builtAll();
            }
            Supplier<Map<String, SecurityFilterChain>> chains = () -> beans.getBeansOfType(SecurityFilterChain.class, false, false);
            if (bean instanceof Filter filter) { // Spring Boot makes every Filter bean a servlet filter, a chain proxy or not
                ChainCheck.inspectRegistered("Filter bean '" + name + "'", filter, chains);
            } else if (REGISTRATIONS && ChainCheck.registered(bean) != null) {
                ChainCheck.inspectRegistered("FilterRegistrationBean '" + name + "'", ChainCheck.registered(bean), chains);
            }
            boolean checks = bean instanceof AuthenticationManager || bean instanceof AuthenticationProvider
                    || bean instanceof PasswordEncoder || bean instanceof UserDetailsService || bean instanceof UserDetailsPasswordService;
            return checks && !Guards.guarded(bean) ? Guards.bean(bean, Guards.declared(beans, bean, name), name,
                    guard.getObject().checks()) : bean;
        }

        @Override
        public void afterSingletonsInstantiated() {
            GuardedChain.builtAll();
        }
    }
}
