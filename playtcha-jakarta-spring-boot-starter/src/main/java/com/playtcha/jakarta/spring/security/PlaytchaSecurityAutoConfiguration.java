package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import com.playtcha.jakarta.spi.LoginFailures;
import jakarta.servlet.DispatcherType;
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
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Playtcha's login policy for Spring Security, switched on by setting {@code playtcha.login.require}
 * ({@code always} or {@code after-failures}) in an application with Spring Security: the
 * {@link PlaytchaLoginGuard} guards the {@code AuthenticationManager} of every
 * {@code SecurityFilterChain} (through the {@code ObjectPostProcessor<AuthenticationManager>} bean
 * Spring Security applies to each chain's) and every {@code AuthenticationManager} bean the
 * application declares as such; {@link PlaytchaLoginPage} tells login pages whether to show the widget;
 * {@link PlaytchaLoginExceptionHandler} answers a refused JSON login with the envelope. Without the
 * setting, Spring Security's logins are left alone. The guide: docs/spring-security.md.
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
     * Guards what Spring Security applies to each {@code SecurityFilterChain}'s {@code AuthenticationManager}
     * (its {@code ObjectPostProcessor<AuthenticationManager>} bean), and each bean the application declares
     * as an {@code AuthenticationManager} (a JSON login's), by the interface alone.
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
     * The bean post-processor that guards the managers: it composes the guard after Spring Security's own
     * {@code ObjectPostProcessor<AuthenticationManager>} (its observation of each chain's manager), and
     * wraps the {@code AuthenticationManager} beans declared by that interface. Spring Security applies one
     * such post-processor to a chain only when it is the only one, so the guard joins it rather than adding
     * a second. Without one the start fails: the chains' logins could not be guarded.
     */
    static final class Guarding implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
        private static final ResolvableType CHAIN_MANAGERS = ResolvableType.forClassWithGenerics(ObjectPostProcessor.class,
                AuthenticationManager.class);
        private final ObjectProvider<PlaytchaLoginGuard> guard;
        private ConfigurableListableBeanFactory beans;
        private volatile boolean chainsGuarded;

        Guarding(ObjectProvider<PlaytchaLoginGuard> guard) {
            this.guard = guard;
        }

        @Override
        public void setBeanFactory(BeanFactory factory) {
            beans = factory instanceof ConfigurableListableBeanFactory configurable ? configurable : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
            if (beans == null || !beans.containsBeanDefinition(name)) {
                return bean;
            }
            BeanDefinition definition = beans.getMergedBeanDefinition(name);
            if (bean instanceof ObjectPostProcessor<?> processor && CHAIN_MANAGERS.isAssignableFrom(definition.getResolvableType())) {
                chainsGuarded = true;
                ObjectPostProcessor<AuthenticationManager> chains = (ObjectPostProcessor<AuthenticationManager>) processor;
                return new ObjectPostProcessor<AuthenticationManager>() {
                    @Override
                    public <O extends AuthenticationManager> O postProcess(O manager) {
                        return (O) guard.getObject().guard(chains.postProcess(manager));
                    }
                };
            }
            boolean byInterface = definition instanceof RootBeanDefinition root && root.getResolvedFactoryMethod() != null
                    && root.getResolvedFactoryMethod().getReturnType() == AuthenticationManager.class;
            return bean instanceof AuthenticationManager manager && byInterface ? guard.getObject().guard(manager) : bean;
        }

        @Override
        public void afterSingletonsInstantiated() {
            if (!chainsGuarded && beans != null && beans.getBeanNamesForType(SecurityFilterChain.class).length > 0) {
                throw new IllegalStateException("playtcha.login.require is set, but Spring Security offers no "
                        + "ObjectPostProcessor<AuthenticationManager> for its SecurityFilterChains here, so their logins could "
                        + "not be guarded. Remove playtcha.login.require, or see docs/spring-security.md");
            }
        }
    }
}
