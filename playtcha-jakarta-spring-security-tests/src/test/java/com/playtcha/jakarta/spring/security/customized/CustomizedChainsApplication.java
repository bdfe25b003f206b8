package com.playtcha.jakarta.spring.security.customized;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 70, item 1: logins switched on where the guard's hook comes too late to be first. A
 * {@code Customizer<HttpSecurity>} bean (Spring Security 7 applies each to every {@code HttpSecurity} before the
 * chain's method, and before the starter's hook) turns HTTP Basic on in every chain, among them {@code /own/**}, which
 * is given a manager by hand ({@code http.authenticationManager(...)}), and {@code /provider/**}, whose builder is
 * given a provider ({@code http.authenticationProvider(...)}); a configurer listed in this module's
 * {@code META-INF/spring.factories} ({@link FactoriesBasic}, applied by Spring Security 6.5 and 7 alike) adds an HTTP
 * Basic filter of its own, on the chain's manager, to {@code /factories/**}. The default chain has the form login.
 * Users {@code alice} to {@code judy}, password {@code secret}; the store counts its lookups.
 */
@SpringBootApplication
public class CustomizedChainsApplication {

    /** How many times the store was asked for an account. */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();

    /** Shared by the chain {@code /factories/**}: {@link FactoriesBasic} adds its filter there. */
    public static final class FactoriesChain {
    }

    /**
     * An application's configurer, as a library would list it in spring.factories: on a chain that asks for it, HTTP
     * Basic on the chain's manager, switched on with Spring Security's own configurer from {@code init}. (Until issue
     * 84 it made a {@code BasicAuthenticationFilter} itself from the chain's manager; the guard cannot tell that filter's
     * manager from one of its own, so the start now refuses it: docs/spring-security.md.) Only in an application with
     * the bean {@code factoriesBasic}, so the module's other applications are left alone.
     */
    public static final class FactoriesBasic extends AbstractHttpConfigurer<FactoriesBasic, HttpSecurity> {
        @Override
        public void init(HttpSecurity http) {
            ApplicationContext context = http.getSharedObject(ApplicationContext.class);
            if (context == null || !context.containsBean("factoriesBasic") || http.getSharedObject(FactoriesChain.class) == null) {
                return;
            }
            try {
                http.httpBasic(basic -> basic.realmName("factories"));
            } catch (Exception e) { // Spring Security 6.5's DSL declares it
                throw new IllegalStateException(e);
            }
        }
    }

    /** The marker that switches {@link FactoriesBasic} on in this application. */
    @Bean
    Object factoriesBasic() {
        return new Object();
    }

    @Bean
    Customizer<HttpSecurity> basicEverywhere() {
        return http -> {
            try {
                http.httpBasic(Customizer.withDefaults());
            } catch (Exception e) { // Spring Security 6.5's DSL declares it
                throw new IllegalStateException(e);
            }
        };
    }

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy")) {
            users.createUser(User.withUsername(name).password("{noop}secret").roles("USER").build());
        }
        return name -> {
            LOOKUPS.incrementAndGet();
            return users.loadUserByUsername(name);
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain own(HttpSecurity http, UserDetailsService users) throws Exception {
        http.securityMatcher("/own/**").authenticationManager(new ProviderManager(new DaoAuthenticationProvider(users)))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain provider(HttpSecurity http, UserDetailsService users) throws Exception {
        http.securityMatcher("/provider/**").authenticationProvider(new DaoAuthenticationProvider(users))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain factories(HttpSecurity http, UserDetailsService users) throws Exception {
        http.setSharedObject(FactoriesChain.class, new FactoriesChain());
        http.securityMatcher("/factories/**").authenticationManager(new ProviderManager(new DaoAuthenticationProvider(users)))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain main(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/error").permitAll().anyRequest().authenticated())
                .formLogin(form -> form.loginProcessingUrl("/login").failureUrl("/login?error").defaultSuccessUrl("/whoami", true))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @RestController
    static class Whoami {
        @GetMapping({"/whoami", "/own/whoami", "/provider/whoami", "/factories/whoami"})
        String whoami(Principal caller) {
            return "caller=" + caller.getName();
        }
    }
}
