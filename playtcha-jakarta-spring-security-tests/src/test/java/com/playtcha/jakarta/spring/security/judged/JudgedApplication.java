package com.playtcha.jakarta.spring.security.judged;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import com.playtcha.jakarta.spring.security.PasswordlessAuthentication;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Issue 70: passwords judged by the parts that judge them, with no manager of the application's in between: an
 * {@code AuthenticationProvider} bean a controller calls ({@code /api/pin}), a provider of the application's own
 * wired by hand into a filter of its own on the user-store bean and the {@code PasswordEncoder} bean
 * ({@code /pin/login}), a password-change form that asks a logged-in caller for the current password
 * ({@code /account/password}), and a JSON login filter made by a configurer of the application's own from the
 * chain's manager ({@code /json/login}, the documented way out) and by one that gave it a manager of its own
 * ({@code /json/own-manager}). Beside them the logins that judge no password:
 * remember-me and one-time tokens, an API key ({@link PasswordlessAuthentication}, judged by the encoder bean all
 * the same), and a locked account. Users {@code alice} to {@code quinn} and
 * {@code locked} (locked), password {@code secret}, each also known as {@code name@example.com}; the user store counts its lookups ({@link #LOOKUPS}) and the
 * encoder its judgments ({@link #JUDGMENTS}). Nothing of Playtcha's but the settings.
 */
@SpringBootApplication
public class JudgedApplication {

    /** Lookups of the user-store bean (a lookup judges nothing: remember-me and one-time tokens look users up too). */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();
    /** Passwords the encoder bean judged. */
    public static final AtomicInteger JUDGMENTS = new AtomicInteger();
    /** One-time tokens generated, by user. */
    public static final Map<String, String> ONE_TIME_TOKENS = new ConcurrentHashMap<>();

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
                "kate", "liam", "mia", "nina", "oscar", "paul", "quinn")) {
            users.createUser(User.withUsername(name).password("{noop}secret").roles("USER").build());
        }
        users.createUser(User.withUsername("locked").password("{noop}secret").roles("USER").accountLocked(true).build());
        return name -> {
            LOOKUPS.incrementAndGet();
            // "user name or e-mail": name@example.com is the account name (an alias the store resolves)
            return users.loadUserByUsername(name != null && name.endsWith("@example.com") ? name.substring(0, name.indexOf('@')) : name);
        };
    }

    @Bean
    PasswordEncoder passwords() {
        PasswordEncoder delegating = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return delegating.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                JUDGMENTS.incrementAndGet();
                return delegating.matches(raw, encoded);
            }
        };
    }

    /** A provider of the application's own that compares passwords itself (two provider beans: the global manager stays the store's). */
    @Bean
    AuthenticationProvider pins(UserDetailsService users) {
        return new OwnProvider(users, null);
    }

    @Bean
    DaoAuthenticationProvider storeProvider(UserDetailsService users, PasswordEncoder passwords) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(passwords);
        return provider;
    }

    /** An API key: a token of the application's own that carries no password, though its key is judged by the encoder bean. */
    public static final class ApiKeyToken extends AbstractAuthenticationToken implements PasswordlessAuthentication {
        private static final long serialVersionUID = 1L;
        private final String key;

        public ApiKeyToken(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getPrincipal() {
            return "service";
        }

        @Override
        public Object getCredentials() {
            return key;
        }
    }

    /** The API keys' manager: one key, {@code k-123}, stored as the encoder bean reads it. */
    @Bean
    ProviderManager apiKeys(PasswordEncoder passwords) {
        return new ProviderManager(new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                if (!passwords.matches((String) authentication.getCredentials(), "{noop}k-123")) {
                    throw new BadCredentialsException("unknown key");
                }
                return UsernamePasswordAuthenticationToken.authenticated("service", null, List.of());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return ApiKeyToken.class.isAssignableFrom(authentication);
            }
        });
    }

    @Bean
    SecurityFilterChain chain(HttpSecurity http, UserDetailsService users, PasswordEncoder passwords) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/api/**", "/pin/**", "/json/**", "/login/**", "/ott/**", "/error")
                        .permitAll().anyRequest().authenticated())
                .formLogin(form -> form.loginProcessingUrl("/login").failureUrl("/login?error").defaultSuccessUrl("/whoami", true))
                .rememberMe(remember -> remember.key("remember-me-key").userDetailsService(users))
                .oneTimeTokenLogin(ott -> ott.tokenGenerationSuccessHandler(oneTimeTokens()).defaultSuccessUrl("/whoami"))
                .addFilterBefore(new PinFilter(new OwnProvider(users, passwords)), UsernamePasswordAuthenticationFilter.class)
                .with(new JsonLogin(), Customizer.withDefaults())
                .with(new OwnManagerJsonLogin(), Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    private static OneTimeTokenGenerationSuccessHandler oneTimeTokens() {
        return (request, response, token) -> {
            ONE_TIME_TOKENS.put(token.getUsername(), token.getTokenValue());
            response.getWriter().write("sent");
        };
    }

    /**
     * An application's provider: looks the user up in the store bean and judges the password with {@code passwords}
     * (the encoder bean), or by itself when that is {@code null}.
     */
    static final class OwnProvider implements AuthenticationProvider {
        private final UserDetailsService users;
        private final PasswordEncoder passwords;

        OwnProvider(UserDetailsService users, PasswordEncoder passwords) {
            this.users = users;
            this.passwords = passwords;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            UserDetails user = users.loadUserByUsername(authentication.getName());
            String raw = String.valueOf(authentication.getCredentials());
            boolean right = passwords != null ? passwords.matches(raw, user.getPassword()) : ("{noop}" + raw).equals(user.getPassword());
            if (!right) {
                throw new BadCredentialsException("wrong username or password");
            }
            return UsernamePasswordAuthenticationToken.authenticated(user.getUsername(), null, user.getAuthorities());
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** A filter of the application's own that checks {@code POST /pin/login} with {@link OwnProvider}, no manager in between. */
    static final class PinFilter extends OncePerRequestFilter {
        private final AuthenticationProvider provider;

        PinFilter(AuthenticationProvider provider) {
            this.provider = provider;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!request.getRequestURI().equals("/pin/login")) {
                chain.doFilter(request, response);
                return;
            }
            try {
                Authentication caller = provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        request.getParameter("username"), request.getParameter("password")));
                response.getWriter().write("caller=" + caller.getName());
            } catch (AuthenticationException refused) {
                response.setStatus(401);
                response.getWriter().write(refused.getClass().getSimpleName());
            }
        }
    }

    /**
     * A JSON-less "JSON login" filter of the application's own, made as docs/spring-security.md says: by a configurer
     * of the application's own, from the chain's manager, passed to {@code postProcess}.
     */
    static final class JsonLogin extends AbstractHttpConfigurer<JsonLogin, HttpSecurity> {
        @Override
        public void configure(HttpSecurity http) {
            OwnLoginFilter filter = new OwnLoginFilter("/json/login");
            filter.setAuthenticationManager(http.getSharedObject(org.springframework.security.authentication.AuthenticationManager.class));
            http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
        }
    }

    /**
     * Issue 84, item 2: the same filter ({@code /json/own-manager}) given a manager of its own, over a user store that is
     * no bean, before it is passed to {@code postProcess}: the guard hands it the chain's manager, guarded.
     */
    static final class OwnManagerJsonLogin extends AbstractHttpConfigurer<OwnManagerJsonLogin, HttpSecurity> {
        @Override
        public void configure(HttpSecurity http) {
            OwnLoginFilter filter = new OwnLoginFilter("/json/own-manager");
            filter.setAuthenticationManager(new ProviderManager(new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                    User.withUsername("dave").password("{noop}secret").roles("USER").build()))));
            http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
        }
    }

    static final class OwnLoginFilter extends AbstractAuthenticationProcessingFilter {
        OwnLoginFilter(String path) {
            super(PathPatternRequestMatcher.withDefaults().matcher(path));
            setAuthenticationSuccessHandler((request, response, caller) -> response.getWriter().write("caller=" + caller.getName()));
            setAuthenticationFailureHandler((request, response, refused) -> {
                response.setStatus(401);
                response.getWriter().write(refused.getClass().getSimpleName());
            });
        }

        @Override
        public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response) {
            return getAuthenticationManager().authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                    request.getParameter("username"), request.getParameter("password")));
        }
    }

    @RestController
    static class Pages {
        private final AuthenticationProvider pins;
        private final AuthenticationProvider storeProvider;
        private final UserDetailsService users;
        private final PasswordEncoder passwords;

        private final ProviderManager apiKeys;

        Pages(@Qualifier("pins") AuthenticationProvider pins, @Qualifier("storeProvider") AuthenticationProvider storeProvider,
                UserDetailsService users, PasswordEncoder passwords, @Qualifier("apiKeys") ProviderManager apiKeys) {
            this.apiKeys = apiKeys;
            this.pins = pins;
            this.storeProvider = storeProvider;
            this.users = users;
            this.passwords = passwords;
        }

        @GetMapping("/whoami")
        String whoami(Principal caller) {
            return "caller=" + caller.getName();
        }

        /** Issue 70, item 7: an {@code AuthenticationProvider} bean a controller calls. */
        @PostMapping("/api/pin")
        ResponseEntity<String> pin(@RequestBody Map<String, String> body) {
            try {
                return ResponseEntity.ok("caller=" + pins.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        body.get("username"), body.get("password"))).getName());
            } catch (AuthenticationException refused) {
                return ResponseEntity.status(401).body(refused.getClass().getSimpleName());
            }
        }

        /** An API key's login: no password, no Playtcha token. */
        @PostMapping("/api/key")
        ResponseEntity<String> key(@RequestBody Map<String, String> body) {
            try {
                return ResponseEntity.ok("caller=" + apiKeys.authenticate(new ApiKeyToken(body.get("key"))).getName());
            } catch (AuthenticationException refused) {
                return ResponseEntity.status(401).body(refused.getClass().getSimpleName());
            }
        }

        /** Spring's own {@code DaoAuthenticationProvider} as a bean, called by a controller. */
        @PostMapping("/api/store")
        ResponseEntity<String> store(@RequestBody Map<String, String> body) {
            try {
                return ResponseEntity.ok("caller=" + storeProvider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        body.get("username"), body.get("password"))).getName());
            } catch (AuthenticationException refused) {
                return ResponseEntity.status(401).body(refused.getClass().getSimpleName());
            }
        }

        /**
         * Issue 84, item 1: Spring's own {@code DaoAuthenticationProvider} built in place over the user-store bean, in a
         * manager built in place, judging with its default encoder (not the bean): no part of it is the guard's but the store.
         */
        @PostMapping("/api/inplace")
        ResponseEntity<String> inPlace(@RequestBody Map<String, String> body) {
            return answer(() -> new ProviderManager(new DaoAuthenticationProvider(users)), body);
        }

        /** The same, given the encoder bean: the check decided at the lookup learns its outcome from the encoder's judgment. */
        @PostMapping("/api/inplace-encoder")
        ResponseEntity<String> inPlaceWithTheEncoderBean(@RequestBody Map<String, String> body) {
            return answer(() -> {
                DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
                provider.setPasswordEncoder(passwords);
                return new ProviderManager(provider);
            }, body);
        }

        /** Issue 84, item 3: the provider bean asked on another thread, with no request bound to it. */
        @PostMapping("/api/async")
        ResponseEntity<String> onAnotherThread(@RequestBody Map<String, String> body) {
            return answer(() -> authentication -> CompletableFuture.supplyAsync(() -> storeProvider.authenticate(authentication)).join(),
                    body);
        }

        private static ResponseEntity<String> answer(Supplier<AuthenticationManager> manager, Map<String, String> body) {
            try {
                return ResponseEntity.ok("caller=" + manager.get().authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                        body.get("username"), body.get("password"))).getName());
            } catch (AuthenticationException | CompletionException refused) {
                return ResponseEntity.status(401).body(refusal(refused).getClass().getSimpleName());
            }
        }

        /**
         * What refused a login: Spring's DAO hands a store's exception on as an {@code InternalAuthenticationServiceException}
         * (a guard's refusal at the lookup too), and a future as a {@code CompletionException}, each with it as the cause.
         */
        private static Throwable refusal(RuntimeException refused) {
            boolean wrapped = refused instanceof CompletionException || refused instanceof InternalAuthenticationServiceException;
            return wrapped && refused.getCause() != null ? refused.getCause() : refused;
        }

        /** A password change: the caller is logged in, and the current password is judged with the encoder bean. */
        @PostMapping("/account/password")
        ResponseEntity<String> changePassword(Principal caller, @RequestBody Map<String, String> body) {
            UserDetails user = users.loadUserByUsername(caller.getName());
            if (!passwords.matches(body.get("current"), user.getPassword())) {
                return ResponseEntity.status(400).body("wrong current password");
            }
            return ResponseEntity.ok("changed");
        }
    }
}
