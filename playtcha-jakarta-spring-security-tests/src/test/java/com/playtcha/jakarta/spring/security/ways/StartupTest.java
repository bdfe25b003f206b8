package com.playtcha.jakarta.spring.security.ways;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.StartRefusalContract;
import jakarta.servlet.Filter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.authentication.www.DigestAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.DigestAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Issues 63 and 70: where the guard cannot reach a chain's or an application's logins, the start fails and
 * says why: a {@code SecurityFilterChain} bean built without the {@code HttpSecurity} Spring Security hands
 * out, a chain a {@code WebSecurityCustomizer} adds, a login filter added to a chain by hand, Spring
 * Security's digest filter and a manager bean of a final class; since issue 84, a login filter registered with the
 * servlet container outside every chain (a {@code Filter} bean, a {@code FilterRegistrationBean}), a filter chain proxy
 * in a registration, and a login filter a configurer of the application's own post-processes on a manager of its own. A reactive (WebFlux) application is guarded since
 * issue 74 (its start-ups: playtcha-jakarta-spring-webflux-security-tests).
 */
class StartupTest extends StartRefusalContract {

    @Override
    protected WebApplicationType stack() {
        return WebApplicationType.SERVLET;
    }

    @Override
    protected Class<?> finalManagerBean() {
        return FinalManagerBean.class;
    }

    /** A chain made by hand, its filters given their managers directly. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class HandMadeChain {
        @Bean
        SecurityFilterChain handMade() {
            Filter login = (request, response, chain) -> chain.doFilter(request, response);
            return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, List.of(login));
        }
    }

    /** A user store for the applications below. */
    @Configuration(proxyBeanMethods = false)
    static class Users {
        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
        }
    }

    /** Issue 70, item 3: a manager bean declared as its final class: no subclass can guard it. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class FinalManagerBean {
        static final class FinalLogins implements AuthenticationManager {
            private final AuthenticationManager manager;

            FinalLogins(AuthenticationManager manager) {
                this.manager = manager;
            }

            @Override
            public Authentication authenticate(Authentication authentication) {
                return manager.authenticate(authentication);
            }
        }

        @Bean
        FinalLogins finalLogins(UserDetailsService users) {
            return new FinalLogins(new ProviderManager(new DaoAuthenticationProvider(users)));
        }
    }

    /** Issue 70, item 4: Spring Security's digest filter, which asks its user store itself, in a chain. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class Digest {
        @Bean
        SecurityFilterChain digest(HttpSecurity http, UserDetailsService users) throws Exception {
            DigestAuthenticationEntryPoint entryPoint = new DigestAuthenticationEntryPoint();
            entryPoint.setRealmName("playtcha");
            entryPoint.setKey("digest-key");
            DigestAuthenticationFilter digest = new DigestAuthenticationFilter();
            digest.setUserDetailsService(users);
            digest.setAuthenticationEntryPoint(entryPoint);
            http.addFilter(digest).authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }
    }

    /** Issue 70, item 8: a chain no SecurityFilterChain bean declares, its HTTP Basic on a manager of its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class CustomizerChain {
        /** The application's own chain, scoped, so that Spring Security takes a chain added after it. */
        @Bean
        SecurityFilterChain app(HttpSecurity http) throws Exception {
            http.securityMatcher("/app/**").authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        WebSecurityCustomizer ownChain(UserDetailsService users) {
            BasicAuthenticationFilter basic = new BasicAuthenticationFilter(new ProviderManager(new DaoAuthenticationProvider(users)));
            return web -> web.addSecurityFilterChainBuilder(() -> new DefaultSecurityFilterChain(
                    PathPatternRequestMatcher.withDefaults().matcher("/own/**"), List.of(basic)));
        }
    }

    /** A BasicAuthenticationFilter added by hand to an HttpSecurity chain, on a manager of its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class HandAddedFilter {
        @Bean
        SecurityFilterChain basicByHand(HttpSecurity http, UserDetailsService users) throws Exception {
            http.addFilterBefore(new BasicAuthenticationFilter(new ProviderManager(new DaoAuthenticationProvider(users))),
                    UsernamePasswordAuthenticationFilter.class).authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }
    }

    /** A manager over a user store that is no bean: nothing of it reaches the guard. */
    static AuthenticationManager ownManager() {
        return new ProviderManager(new DaoAuthenticationProvider(
                new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build())));
    }

    /** Issue 84, item 2: HTTP Basic's filter on a manager of its own, registered as a servlet filter outside every chain. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class RegisteredLoginFilter {
        @Bean
        FilterRegistrationBean<BasicAuthenticationFilter> ownBasic() {
            FilterRegistrationBean<BasicAuthenticationFilter> registration = new FilterRegistrationBean<>(
                    new BasicAuthenticationFilter(ownManager()));
            registration.addUrlPatterns("/own/*");
            return registration;
        }
    }

    /** Issue 84, item 2: the same filter as a plain Filter bean, which Spring Boot registers with the container. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class LoginFilterBean {
        @Bean
        Filter basicBean() {
            return new BasicAuthenticationFilter(ownManager());
        }
    }

    /** Issue 84, item 2: a configurer of the application's own that post-processes HTTP Basic's filter on a manager of its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class OwnConfigurerOwnManager {
        static final class OwnBasic extends AbstractHttpConfigurer<OwnBasic, HttpSecurity> {
            @Override
            public void configure(HttpSecurity http) {
                http.addFilter(postProcess(new BasicAuthenticationFilter(ownManager())));
            }
        }

        @Bean
        SecurityFilterChain ownConfigurer(HttpSecurity http) throws Exception {
            http.with(new OwnBasic(), basic -> { }).authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }
    }

    /** Issue 84, item 2: a filter chain proxy of the application's own, over a chain made by hand, in a registration. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    @Import(Users.class)
    static class RegisteredChainProxy {
        @Bean
        FilterRegistrationBean<FilterChainProxy> ownProxy() {
            return new FilterRegistrationBean<>(new FilterChainProxy(new DefaultSecurityFilterChain(
                    PathPatternRequestMatcher.withDefaults().matcher("/proxied/**"), List.of(new BasicAuthenticationFilter(ownManager())))));
        }
    }

    @Test
    void aChainBuiltWithoutHttpSecurity_failsTheStart_namingIt() {
        String failed = failedStart(HandMadeChain.class);

        assertTrue(failed.contains("SecurityFilterChain bean 'handMade'"), failed);
        assertTrue(failed.contains("HttpSecurity"), failed);
    }

    /** Issue 70, item 4. Failed on 1cde289e: the start passed, and the filter checked passwords undecided. */
    @Test
    void aDigestFilter_failsTheStart_namingItAndItsChain() {
        String failed = failedStart(Digest.class);

        assertTrue(failed.contains(DigestAuthenticationFilter.class.getName() + " in the SecurityFilterChain bean 'digest'"), failed);
    }

    /** Issue 70, item 8. Failed on 1cde289e: the start passed (only beans were looked at). */
    @Test
    void aChainAddedByAWebSecurityCustomizer_withHttpBasicOnItsOwnManager_failsTheStart() {
        String failed = failedStart(CustomizerChain.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the security filter chain for"), failed);
        assertTrue(failed.contains("/own/**"), failed);
        assertTrue(failed.contains("HttpSecurity"), failed);
    }

    /** A login filter added by hand to a built chain holds a manager the guard cannot see. Failed on 1cde289e: the start passed. */
    @Test
    void aLoginFilterAddedByHand_failsTheStart_namingTheWayOut() {
        String failed = failedStart(HandAddedFilter.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the SecurityFilterChain bean 'basicByHand'"), failed);
        assertTrue(failed.contains("http.httpBasic()"), failed);
    }

    /** Issue 84, item 2. Failed on 49c308dd: started silently. */
    @Test
    void aLoginFilterInAFilterRegistrationBean_failsTheStart_namingIt() {
        String failed = failedStart(RegisteredLoginFilter.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the FilterRegistrationBean 'ownBasic', outside "
                + "every security filter chain"), failed);
        assertTrue(failed.contains("http.httpBasic()"), failed);
    }

    /** Issue 84, item 2. Failed on 49c308dd: started silently. */
    @Test
    void aLoginFilterBean_failsTheStart_namingIt() {
        String failed = failedStart(LoginFilterBean.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the Filter bean 'basicBean', outside every "
                + "security filter chain"), failed);
        assertTrue(failed.contains("remove the bean"), failed);
    }

    /** Issue 84, item 2. Failed on 49c308dd: started silently (the filter was post-processed, so taken as made on the guarded manager). */
    @Test
    void aLoginFilterPostProcessedByTheApplicationsConfigurer_onAManagerOfItsOwn_failsTheStart() {
        String failed = failedStart(OwnConfigurerOwnManager.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the SecurityFilterChain bean 'ownConfigurer'"),
                failed);
        assertTrue(failed.contains("made by a configurer of yours"), failed);
        assertTrue(failed.contains("http.httpBasic()"), failed);
    }

    /** Issue 84, item 2. Failed on 49c308dd: started silently (only the filter chain proxy bean was looked at). */
    @Test
    void aFilterChainProxyInARegistration_overAChainMadeByHand_failsTheStart() {
        String failed = failedStart(RegisteredChainProxy.class);

        assertTrue(failed.contains(BasicAuthenticationFilter.class.getName() + " in the security filter chain for"), failed);
        assertTrue(failed.contains("/proxied/**"), failed);
        assertTrue(failed.contains("HttpSecurity"), failed);
    }
}
