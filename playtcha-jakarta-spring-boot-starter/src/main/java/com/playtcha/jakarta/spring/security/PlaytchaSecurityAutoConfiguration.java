package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.Method;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
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
 * added to a chain by hand, a {@code DigestAuthenticationFilter}, such a bean of a final class), and in a
 * reactive (WebFlux) application. Without the setting, Spring Security's logins are left alone. The guide:
 * docs/spring-security.md.
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

    /** The guard, over the application's verifier and the counts held beside it. */
    @Bean(PlaytchaLoginGuard.BEAN)
    public PlaytchaLoginGuard playtchaLoginGuard(PlaytchaSettings settings, PlaytchaVerifier verifier,
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
     * A reactive application: its logins ({@code ReactiveAuthenticationManager}, {@code SecurityWebFilterChain})
     * are not guarded, and a setting that guards nothing must not start silently.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class Reactive {

        @Bean
        static Object playtchaLoginNotSupported() {
            throw new IllegalStateException("playtcha.login.require is set in a reactive (WebFlux) application, but the Playtcha "
                    + "guard reaches Spring Security's servlet logins only: a ReactiveAuthenticationManager or a SecurityWebFilterChain "
                    + "is not guarded. Remove playtcha.login.require (and guard the login route with a token check of your own), or "
                    + "run the login on the servlet stack; see docs/spring-security.md");
        }
    }

    /**
     * The bean post-processor that puts the guard where passwords are checked and judged
     * (design/login-guard.md, 15): it adds the guard to each {@code HttpSecurity} ({@link GuardedChain#join});
     * guards each {@code ProviderManager} Spring Security builds, as it is post-processed, and every
     * {@code AuthenticationManager}, {@code AuthenticationProvider}, {@code PasswordEncoder},
     * {@code UserDetailsService} and {@code UserDetailsPasswordService} bean, by the type it is declared by
     * ({@link Guards}); and looks at the chains of the filter chain proxy once it is made
     * ({@link ChainCheck}), failing the start where a chain checks passwords the guard cannot decide.
     */
    static final class Guarding implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
        private static final String HTTP_SECURITY = "org.springframework.security.config.annotation.web.builders.HttpSecurity";
        /** Whether the Servlet API is there: without it (WebFlux) nothing here is guarded, and the start fails ({@link Reactive}). */
        private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.Filter", Guarding.class.getClassLoader());
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
                ChainCheck.inspect(bean instanceof DebugFilter debug ? debug.getFilterChainProxy() : (FilterChainProxy) bean,
                        beans.getBeansOfType(SecurityFilterChain.class, false, false));
                return bean;
            }
            boolean checks = bean instanceof AuthenticationManager || bean instanceof AuthenticationProvider
                    || bean instanceof PasswordEncoder || bean instanceof UserDetailsService || bean instanceof UserDetailsPasswordService;
            return checks && !Guards.guarded(bean) ? Guards.bean(bean, declared(bean, name), name, guard.getObject().checks()) : bean;
        }

        /** The type the bean {@code name} is declared by: its factory method's return type, else its class. */
        private Class<?> declared(Object bean, String name) {
            BeanDefinition definition = beans.getMergedBeanDefinition(name);
            if (definition instanceof RootBeanDefinition root) {
                Method factory = root.getResolvedFactoryMethod();
                if (factory != null && factory.getReturnType().isInstance(bean)) {
                    return factory.getReturnType();
                }
                if (root.hasBeanClass() && root.getBeanClass().isInstance(bean)) {
                    return root.getBeanClass();
                }
            }
            return bean.getClass();
        }

        @Override
        public void afterSingletonsInstantiated() {
            GuardedChain.builtAll();
        }
    }
}
