package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spring.security.Guards;
import java.lang.reflect.Method;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.WebFilter;

/**
 * What puts the reactive guard where a reactive application's passwords are checked (design/login-guard.md, 16.1): each
 * {@code ServerHttpSecurity} Spring Security hands out is configured through the guard ({@link ReactiveGuardedChain}),
 * and so is each a {@code Customizer<ServerHttpSecurity>} bean is given (Spring Security 7 applies those before any
 * other code sees the chain); the {@code ReactiveAuthenticationManager} Spring Security builds over the
 * {@code ReactiveUserDetailsService} bean is guarded as it is post-processed, through the post-processor Spring Security
 * asks for by name ({@value #BUILT}: the observation one, wrapped, or one of the guard's own where there is none); every
 * {@code ReactiveAuthenticationManager} and {@code ReactiveUserDetailsService} bean is held by the type it is declared by
 * ({@link Guards}: a final class fails the start, naming the bean), and so is every servlet {@code AuthenticationManager},
 * {@code AuthenticationProvider} and {@code UserDetailsService} bean, whose checks run where no exchange is
 * ({@link ReactivePlaytchaLoginGuard#servletParts}); and each {@code SecurityWebFilterChain} bean is looked at once built
 * ({@link ReactiveChainCheck#inspect}), and each {@code WebFilter} bean ({@link ReactiveChainCheck#inspectBean}),
 * failing the start where a login filter holds a manager the guard cannot see. The servlet guard's mirror is
 * {@code Guarding}.
 *
 * <p>Internal to the starter, not an API: public so that {@code PlaytchaSecurityAutoConfiguration}, a floor up, can register it.
 */
public final class ReactiveGuarding implements BeanPostProcessor, BeanFactoryAware, BeanDefinitionRegistryPostProcessor {

    /** The name under which {@code ServerHttpSecurityConfiguration} takes the post-processor of the manager it builds. */
    static final String BUILT = "reactiveAuthenticationManagerPostProcessor";

    private final ObjectProvider<ReactivePlaytchaLoginGuard> guard;
    private ConfigurableListableBeanFactory beans;

    /** The post-processor of {@code guard}, asked for once a bean needs it. */
    public ReactiveGuarding(ObjectProvider<ReactivePlaytchaLoginGuard> guard) {
        this.guard = guard;
    }

    @Override
    public void setBeanFactory(BeanFactory factory) {
        beans = factory instanceof ConfigurableListableBeanFactory configurable ? configurable : null;
    }

    /** Where no post-processor of the built manager is declared (no Micrometer observation), one of the guard's own. */
    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!registry.containsBeanDefinition(BUILT)) {
            registry.registerBeanDefinition(BUILT, new RootBeanDefinition(BuiltManagers.class, () -> new BuiltManagers(null, guard)));
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        // nothing more
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
        if (bean instanceof ServerHttpSecurity http) {
            return ReactiveGuardedChain.join(http, guard.getObject());
        }
        if (beans == null || !beans.containsBeanDefinition(name)) {
            return bean;
        }
        if (bean instanceof SecurityWebFilterChain chain) {
            ReactiveChainCheck.inspect(name, chain, guard.getObject());
            return bean;
        }
        if (bean instanceof WebFilter filter) {
            ReactiveChainCheck.inspectBean(name, filter, springs(name), guard.getObject());
        }
        if (bean instanceof Customizer<?> customizer && customizes(name)) {
            @SuppressWarnings("unchecked")
            Customizer<ServerHttpSecurity> own = (Customizer<ServerHttpSecurity>) customizer;
            return (Customizer<ServerHttpSecurity>) http -> own.customize(ReactiveGuardedChain.join(http, guard.getObject()));
        }
        if (BUILT.equals(name) && bean instanceof ObjectPostProcessor<?> postProcessor && !(bean instanceof BuiltManagers)) {
            return new BuiltManagers(postProcessor, guard);
        }
        if (Guards.guarded(bean)) {
            return bean;
        }
        if (bean instanceof ReactiveAuthenticationManager || bean instanceof ReactiveUserDetailsService) {
            return Guards.proxied(bean, Guards.declared(beans, bean, name), new ReactivePartGuard(guard.getObject().checks(), bean), name);
        }
        // A servlet part in a reactive application (used through ReactiveAuthenticationManagerAdapter, or by a controller):
        // held by the servlet side's rules, its checks decided as checks outside any request (design/login-guard.md, 17).
        boolean servletPart = bean instanceof AuthenticationManager || bean instanceof AuthenticationProvider
                || bean instanceof UserDetailsService;
        return servletPart ? Guards.bean(bean, Guards.declared(beans, bean, name), name, guard.getObject().servletParts()) : bean;
    }

    /** Whether the bean {@code name} is one of Spring Security's: made by a factory method of its configuration. */
    private boolean springs(String name) {
        Method factory = beans.getMergedBeanDefinition(name) instanceof RootBeanDefinition root ? root.getResolvedFactoryMethod() : null;
        return factory != null && factory.getDeclaringClass().getName().startsWith("org.springframework.security.config.");
    }

    /** Whether the bean {@code name} is declared as a {@code Customizer<ServerHttpSecurity>}. */
    private boolean customizes(String name) {
        ResolvableType declared = beans.getMergedBeanDefinition(name).getResolvableType().as(Customizer.class);
        return declared.getGeneric(0).resolve() == ServerHttpSecurity.class;
    }

    /** The post-processor of the manager Spring Security builds over the user store: the guard first, then the declared one's. */
    static final class BuiltManagers implements ObjectPostProcessor<ReactiveAuthenticationManager> {
        @SuppressWarnings("rawtypes")
        private final ObjectPostProcessor declared;
        private final ObjectProvider<ReactivePlaytchaLoginGuard> guard;

        BuiltManagers(ObjectPostProcessor<?> declared, ObjectProvider<ReactivePlaytchaLoginGuard> guard) {
            this.declared = declared;
            this.guard = guard;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <O extends ReactiveAuthenticationManager> O postProcess(O object) {
            O guarded = (O) guard.getObject().guard(object);
            return declared == null ? guarded : (O) declared.postProcess(guarded);
        }
    }
}
