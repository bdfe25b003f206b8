package com.playtcha.examples.springsecurity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Security application with Playtcha's login policy: nothing of Playtcha's in the code, the
 * starter and {@code playtcha.login.require} in application.properties guard every login: the form one
 * ({@code formLogin()}, page {@link LoginController}) with remember-me, HTTP Basic on both chains (the API's
 * on a manager of its own, {@code http.authenticationManager(...)}), and the JSON one
 * ({@link SessionController}, on the manager {@code AuthenticationConfiguration} hands out).
 */
@SpringBootApplication
public class LoginApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoginApplication.class, args);
    }

    /** An API's chain with a manager of its own, HTTP Basic: the starter guards what the chain is given. */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, UserDetailsService users) throws Exception {
        http.securityMatcher("/api/basic/**")
                .authenticationManager(new ProviderManager(new DaoAuthenticationProvider(users)))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * The pages' chain: form login with remember-me, HTTP Basic, and the JSON login's paths open; CSRF on for all of
     * them, the JSON login too (a login CSRF would log a victim's browser into the attacker's account).
     */
    @Bean
    @Order(2)
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/api/session", "/api/csrf", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").permitAll())
                .rememberMe(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    /** A stand-in for the application's user store: alice and bob, password secret. */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build(),
                User.withUsername("bob").password("{noop}secret").roles("USER").build());
    }
}
