package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.Modifier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
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
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;

/**
 * Playtcha's login policy for Spring Security, switched on by setting {@code playtcha.login.require}
 * ({@code always} or {@code after-failures}) in an application with Spring Security: the
 * {@link PlaytchaLoginGuard} guards every {@code AuthenticationManager} a password check reaches through
 * Spring: each {@code SecurityFilterChain}'s however it was given (through the {@code HttpSecurity} Spring
 * Security hands out: the chain's own, a post-processed one, {@code http.authenticationManager(...)}), the
 * one {@code AuthenticationConfiguration.getAuthenticationManager()} hands out, and every
 * {@code AuthenticationManager} bean; {@link PlaytchaLoginPage} tells login pages whether to show the widget;
 * {@link PlaytchaLoginExceptionHandler} answers a refused JSON login with the envelope. A
 * {@code SecurityFilterChain} bean built another way fails the start, and so does the setting in a
 * reactive (WebFlux) application, whose logins the guard cannot reach. Without the setting, Spring
 * Security's logins are left alone. The guide: docs/spring-security.md.
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
     * The bean post-processor that guards the managers: it adds the guard to each {@code HttpSecurity}
     * ({@link GuardedChain#join}), wraps what {@code AuthenticationConfiguration.getAuthenticationManager()}
     * returns, and guards each {@code AuthenticationManager} bean (wrapped when declared by the interface,
     * else its {@code authenticate} intercepted). Once every bean is made, a {@code SecurityFilterChain} bean
     * with filters that was not built through a guarded {@code HttpSecurity} fails the start, naming it.
     */
    static final class Guarding implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
        private static final String HTTP_SECURITY = "org.springframework.security.config.annotation.web.builders.HttpSecurity";
        private static final String CONFIGURATION =
                "org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration";
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
            String type = ClassUtils.getUserClass(bean).getName();
            if (type.equals(HTTP_SECURITY)) {
                GuardedChain.join((org.springframework.security.config.annotation.web.builders.HttpSecurity) bean, guard.getObject());
                return bean;
            }
            if (type.equals(CONFIGURATION)) {
                return intercepted(bean, "getAuthenticationManager", (call, arguments) -> {
                    Object manager = call.proceed();
                    return manager instanceof AuthenticationManager found ? guard.getObject().guard(found) : manager;
                });
            }
            if (!(bean instanceof AuthenticationManager manager) || bean instanceof GuardedAuthenticationManager || beans == null
                    || !beans.containsBeanDefinition(name)) {
                return bean;
            }
            BeanDefinition definition = beans.getMergedBeanDefinition(name);
            boolean byInterface = definition instanceof RootBeanDefinition root && root.getResolvedFactoryMethod() != null
                    && root.getResolvedFactoryMethod().getReturnType() == AuthenticationManager.class;
            if (byInterface) {
                return guard.getObject().guard(manager);
            }
            return Modifier.isFinal(bean.getClass().getModifiers()) ? bean : intercepted(bean, "authenticate", (call, arguments) ->
                    guard.getObject().guard(authentication -> proceed(call)).authenticate((Authentication) arguments[0]));
        }

        /** {@code bean} with each call of its method {@code method} answered by {@code answer}, as a class proxy. */
        private static Object intercepted(Object bean, String method, Answer answer) {
            ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) call -> call.getMethod().getName().equals(method)
                    ? answer.answer(call, call.getArguments()) : call.proceed());
            return proxy.getProxy(bean.getClass().getClassLoader());
        }

        /** How an intercepted method answers, given the call to let through. */
        private interface Answer {
            Object answer(MethodInvocation call, Object[] arguments) throws Throwable;
        }

        private static Authentication proceed(MethodInvocation call) {
            try {
                return (Authentication) call.proceed();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable checked) {
                throw new IllegalStateException(checked);
            }
        }

        @Override
        public void afterSingletonsInstantiated() {
            if (beans == null) {
                return;
            }
            beans.getBeansOfType(SecurityFilterChain.class).forEach((name, chain) -> {
                if (!chain.getFilters().isEmpty() && chain.getFilters().stream().noneMatch(GuardedChain.class::isInstance)) {
                    throw new IllegalStateException("playtcha.login.require is set, but the SecurityFilterChain bean '" + name
                            + "' was not built by an HttpSecurity Spring Security handed out, so the logins of its filters could not "
                            + "be guarded. Build it with the HttpSecurity bean (http.build()), or remove playtcha.login.require; "
                            + "see docs/spring-security.md");
                }
            });
        }
    }
}
