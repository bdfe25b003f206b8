package com.playtcha.jakarta.spring.security.it;

import jakarta.el.ELProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An application as its authors would write it with Spring Security: {@code formLogin()} with its own
 * login page, HTTP Basic on the same chain, and a JSON login whose controller calls the
 * {@code AuthenticationManager} bean. Users {@code alice} and {@code bob}, password {@code secret}; the
 * user store counts the accounts it was asked for ({@link #LOOKUPS}): a refused login never reaches it.
 * Nothing of Playtcha's is written here but the settings.
 */
@SpringBootApplication
public class LoginTestApplication {

    /** How many times Spring Security asked the user store for an account: once per password checked. */
    static final AtomicInteger LOOKUPS = new AtomicInteger();
    /** The same, by account name as asked. */
    static final Map<String, AtomicInteger> LOOKUPS_OF = new ConcurrentHashMap<>();

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login-page", "/api/login", "/api/login-request-only", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login-page").loginProcessingUrl("/login").failureUrl("/login-page?error")
                        .defaultSuccessUrl("/whoami", true).permitAll())
                .httpBasic(Customizer.withDefaults())
                // Only so that the tests need no CSRF token; an application keeps it (a token of its own, apart from Playtcha's).
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** The users; with {@code login-test.bcrypt=true} their passwords hashed by BCrypt at its default strength, as most apps keep them. */
    @Bean
    UserDetailsService users(@Value("${login-test.bcrypt:false}") boolean bcrypt) {
        String secret = bcrypt ? "{bcrypt}" + new BCryptPasswordEncoder().encode("secret") : "{noop}secret";
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("alice").password(secret).roles("USER").build(),
                User.withUsername("bob").password(secret).roles("USER").build());
        return name -> {
            LOOKUPS.incrementAndGet();
            LOOKUPS_OF.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            return users.loadUserByUsername(name);
        };
    }

    @Bean
    AuthenticationManager authenticationManager(AuthenticationConfiguration configuration) throws Exception {
        return configuration.getAuthenticationManager();
    }

    @RestController
    static class Pages {

        private final AuthenticationManager manager;

        Pages(AuthenticationManager manager) {
            this.manager = manager;
        }

        /**
         * The login page: whether it shows the widget, read as a page reads it: {@code ${playtcha.loginNeedsToken}} evaluated
         * by Jakarta EL (Tomcat's, as a JSP would; a map, so Thymeleaf's SpEL reads it the same), and the request attribute
         * {@code com.playtcha.login-needs-token}, a {@code Boolean}, as JSP's {@code requestScope} reads it.
         */
        @GetMapping("/login-page")
        String loginPage(HttpServletRequest request) {
            ELProcessor el = new ELProcessor();
            el.defineBean("playtcha", request.getAttribute("playtcha"));
            Object attribute = request.getAttribute("com.playtcha.login-needs-token");
            return "login page, widget=" + el.eval("playtcha.loginNeedsToken") + ", attribute="
                    + (attribute instanceof Boolean answer ? answer : "not a Boolean: " + attribute);
        }

        @GetMapping("/whoami")
        String whoami(Principal caller) {
            return "caller=" + caller.getName();
        }

        /** A JSON login: {@code {"username": ..., "password": ...}}, a wrong password answered 401 by the application. */
        @PostMapping("/api/login")
        ResponseEntity<Map<String, String>> login(@RequestBody Map<String, String> body) {
            try {
                Authentication caller = manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"),
                        body.get("password")));
                return ResponseEntity.ok(Map.of("caller", caller.getName()));
            } catch (BadCredentialsException | UsernameNotFoundException wrong) {
                return ResponseEntity.status(401).body(Map.of("error", "wrong username or password"));
            }
        }

        /** The same login where the thread is bound to the request alone, no response (as some frameworks bind it). */
        @PostMapping("/api/login-request-only")
        ResponseEntity<Map<String, String>> loginRequestOnly(@RequestBody Map<String, String> body, HttpServletRequest request) {
            RequestAttributes bound = RequestContextHolder.getRequestAttributes();
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            try {
                return login(body);
            } finally {
                RequestContextHolder.setRequestAttributes(bound);
            }
        }
    }
}
