package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.VerifierOffer;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import jakarta.servlet.DispatcherType;
import java.lang.System.Logger.Level;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Playtcha in a Spring Boot application: its settings from Spring's configuration, one verifier for
 * the whole application, and the servlet filter. Nothing to write but the dependency and the settings:
 *
 * <pre>{@code
 * # application.properties (the secret from PLAYTCHA_SECRET in the environment)
 * playtcha.url-patterns=/signup,/contact
 * playtcha.timeout=2s
 * }</pre>
 *
 * <ul>
 * <li>{@link PlaytchaSettings}: every {@code playtcha.*} key of Spring's configuration (properties,
 *     YAML, environment variables, by relaxed binding), read and checked by the library's rules; a
 *     missing secret or a bad value stops start-up naming the key. With the Redis module and Spring Data
 *     Redis, and no shared store set, {@code playtcha.redis.uri} is the application's server
 *     ({@link PlaytchaRedisAutoConfiguration}).</li>
 * <li>{@link PlaytchaVerifier}: the application's one verifier, built from those settings with every
 *     {@link PlaytchaListener} bean, closed when the context closes; inject it anywhere. Declare a
 *     {@code PlaytchaVerifier} bean of your own and the starter builds none. With
 *     {@code playtcha.login.require=after-failures}, the failed-login counts beside it, offered with it.</li>
 * <li>Every {@link PlaytchaFilter} of the application, registered by the starter or by hand, uses that
 *     verifier ({@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}) and reads its settings from Spring's
 *     configuration ({@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}) after its init-params.</li>
 * <li>With {@code playtcha.url-patterns}, a {@code PlaytchaFilter} named {@value PlaytchaInitializer#FILTER_NAME}
 *     on those patterns for REQUEST dispatches, unless the application registers a
 *     {@code PlaytchaFilter} itself ({@code FilterRegistrationBean<PlaytchaFilter>} or a
 *     {@code PlaytchaFilter} bean): then none, and one INFO line says so.</li>
 * </ul>
 *
 * <p>The health indicator and the metrics are {@link PlaytchaHealthAutoConfiguration} and
 * {@link PlaytchaMetricsAutoConfiguration}. The guide: docs/spring-boot.md.
 */
@AutoConfiguration
public class PlaytchaAutoConfiguration {

    /** The bean name of the starter's filter registration. */
    public static final String FILTER_REGISTRATION = "playtchaFilterRegistration";

    private static final System.Logger LOG = System.getLogger(PlaytchaAutoConfiguration.class.getName());

    /**
     * The settings from Spring's configuration; with no shared store named there, the application's own
     * Redis when {@link PlaytchaRedisAutoConfiguration} found one.
     */
    @Bean
    @ConditionalOnMissingBean
    public PlaytchaSettings playtchaSettings(Environment environment, BeanFactory beans) {
        return SpringSettings.load(environment, PlaytchaRedisAutoConfiguration.settings(SpringSettings.configuration(environment), beans));
    }

    /**
     * The application's verifier, with every {@link PlaytchaListener} bean from the start, beside the login
     * counts when there are any (its status shows their faults); closed with the context. A ledger on
     * {@code playtcha.ledger.datasource} finds its {@code DataSource} as the bean of that name first.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PlaytchaVerifier playtchaVerifier(PlaytchaSettings settings, ObjectProvider<PlaytchaListener> listeners,
            ObjectProvider<LoginFailures> loginFailures, BeanFactory beans) {
        return VerifierFactory.verifier(settings, null, listeners.orderedStream().toList(), loginFailures.getIfAvailable(),
                resources(beans));
    }

    /**
     * The failed logins {@code playtcha.login.require=after-failures} counts, held beside the verifier and
     * handed to every login policy (the filters' and Spring Security's); closed with the context. Made under
     * {@code always} too: there they bound the logins that go on without Playtcha's verdict, cluster-wide
     * when a store is shared (docs/login.md, "When Playtcha cannot answer").
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LoginFailures playtchaLoginFailures(PlaytchaSettings settings, BeanFactory beans) {
        return VerifierFactory.loginFailures(settings, resources(beans));
    }

    /**
     * The application's beans as the resources the settings name: {@code playtcha.ledger.datasource=ledgerDb}
     * is the {@code DataSource} bean {@code ledgerDb} (the one Spring Boot makes from {@code spring.datasource.*}
     * is {@code dataSource}); a name that is no bean is looked up in JNDI as elsewhere.
     */
    private static Resources resources(BeanFactory beans) {
        return name -> beans.containsBean(name) ? beans.getBean(name) : null;
    }

    /** What a servlet web application gets: the offer to the filters, and the filter on {@code playtcha.url-patterns}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Servlet {

        /**
         * Offers Spring's configuration and the verifier bean to every PlaytchaFilter of the servlet
         * context, before any filter starts.
         */
        @Bean
        ServletContextInitializer playtchaServletContext(Environment environment, ObjectProvider<PlaytchaVerifier> verifier,
                ObjectProvider<LoginFailures> loginFailures, PlaytchaSettings settings, ListableBeanFactory beans) {
            return context -> {
                context.setAttribute(PlaytchaSettings.CONFIGURATION_ATTRIBUTE, SpringSettings.configuration(environment));
                context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, new VerifierOffer(verifier::getObject,
                        loginFailures::getIfAvailable));
                if (!settings.urlPatterns().isEmpty() && !beans.containsBeanDefinition(FILTER_REGISTRATION)) {
                    LOG.log(Level.INFO, "PlaytchaFilter is registered by the application; playtcha.url-patterns {0} "
                            + "registers no second one", settings.urlPatterns());
                }
            };
        }

        /** The filter on {@code playtcha.url-patterns}, when set and the application registers no PlaytchaFilter. */
        @Bean(FILTER_REGISTRATION)
        @Conditional(OnSetting.UrlPatterns.class)
        @ConditionalOnMissingBean(value = PlaytchaFilter.class, parameterizedContainer = FilterRegistrationBean.class)
        FilterRegistrationBean<PlaytchaFilter> playtchaFilterRegistration(PlaytchaSettings settings) {
            FilterRegistrationBean<PlaytchaFilter> registration = new FilterRegistrationBean<>(new PlaytchaFilter());
            registration.setName(PlaytchaInitializer.FILTER_NAME);
            registration.setUrlPatterns(settings.urlPatterns());
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            registration.setAsyncSupported(true);
            LOG.log(Level.INFO, "PlaytchaFilter registered on {0} from playtcha.url-patterns", settings.urlPatterns());
            return registration;
        }
    }
}
