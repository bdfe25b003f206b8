package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.spring.security.Guards;
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
 * The bean post-processor that puts the guard where passwords are checked and judged
 * (design/login-guard.md, 15): it adds the guard to each {@code HttpSecurity} ({@link GuardedChain#join});
 * guards each {@code ProviderManager} Spring Security builds, as it is post-processed, and every
 * {@code AuthenticationManager}, {@code AuthenticationProvider}, {@code PasswordEncoder},
 * {@code UserDetailsService} and {@code UserDetailsPasswordService} bean, by the type it is declared by
 * ({@link Guards}); and looks at the chains of every filter chain proxy, and at every {@code Filter} bean and
 * {@code FilterRegistrationBean}'s filter, once made ({@link ChainCheck}), failing the start where a filter checks
 * passwords the guard cannot decide.
 *
 * <p>Internal to the starter, not an API: public so that {@code PlaytchaSecurityAutoConfiguration}, a floor up, can register it.
 */
public final class Guarding implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
    private static final String HTTP_SECURITY = "org.springframework.security.config.annotation.web.builders.HttpSecurity";
    /** Whether the Servlet API is there: without it (an application with no web stack of its own) nothing here is guarded. */
    private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.Filter", Guarding.class.getClassLoader());
    /** Whether Spring Boot's servlet registrations are there (a web application's): their filters are looked at too. */
    private static final boolean REGISTRATIONS = SERVLET
            && ClassUtils.isPresent("org.springframework.boot.web.servlet.FilterRegistrationBean", Guarding.class.getClassLoader());
    private final ObjectProvider<PlaytchaLoginGuard> guard;
    private ConfigurableListableBeanFactory beans;

    /** The post-processor of {@code guard}, asked for once a bean needs it. */
    public Guarding(ObjectProvider<PlaytchaLoginGuard> guard) {
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
