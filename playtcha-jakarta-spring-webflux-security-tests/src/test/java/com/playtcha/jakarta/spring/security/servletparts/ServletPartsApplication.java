package com.playtcha.jakarta.spring.security.servletparts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerAdapter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Issue 84, item 5: a reactive application that checks passwords with servlet parts, through Spring's
 * {@code ReactiveAuthenticationManagerAdapter} in a controller: a servlet {@code AuthenticationManager} bean
 * ({@code /api/manager}) and a manager built in place over the blocking {@code UserDetailsService} bean
 * ({@code /api/store}). Users {@code sam}, {@code sue}, {@code tom}, {@code una}, password {@code secret}; the store
 * counts its lookups ({@link #LOOKUPS}).
 */
@SpringBootApplication
public class ServletPartsApplication {

    /** Lookups that reached the user store. */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : List.of("sam", "sue", "tom", "una")) {
            users.createUser(User.withUsername(name).password("{noop}secret").roles("USER").build());
        }
        return name -> {
            LOOKUPS.incrementAndGet();
            return users.loadUserByUsername(name);
        };
    }

    @Bean
    AuthenticationManager servletManager(UserDetailsService users) {
        return new ProviderManager(new DaoAuthenticationProvider(users));
    }

    @Bean
    SecurityWebFilterChain chain(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll()).csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @RestController
    static class Pages {
        private final AuthenticationManager manager;
        private final UserDetailsService users;

        Pages(AuthenticationManager manager, UserDetailsService users) {
            this.manager = manager;
            this.users = users;
        }

        @PostMapping("/api/manager")
        Mono<ResponseEntity<String>> manager(@RequestBody Map<String, String> body) {
            return login(manager, body);
        }

        @PostMapping("/api/store")
        Mono<ResponseEntity<String>> store(@RequestBody Map<String, String> body) {
            return login(new ProviderManager(new DaoAuthenticationProvider(users)), body);
        }

        private static Mono<ResponseEntity<String>> login(AuthenticationManager manager, Map<String, String> body) {
            return new ReactiveAuthenticationManagerAdapter(manager)
                    .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"), body.get("password")))
                    .map(caller -> ResponseEntity.ok("caller=" + caller.getName()))
                    .onErrorResume(AuthenticationException.class, refused -> Mono.just(ResponseEntity.status(401).body(
                            (refused instanceof InternalAuthenticationServiceException && refused.getCause() != null
                                    ? refused.getCause() : refused).getClass().getSimpleName())));
        }
    }
}
