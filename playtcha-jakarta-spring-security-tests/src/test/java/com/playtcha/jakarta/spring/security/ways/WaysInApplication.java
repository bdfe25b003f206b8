package com.playtcha.jakarta.spring.security.ways;

import com.playtcha.jakarta.spring.security.AccountPrincipal;
import com.playtcha.jakarta.spring.testkit.EmailPasswordToken;
import com.playtcha.jakarta.spring.testkit.NamedEmailPasswordToken;
import jakarta.servlet.Filter;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ways an application gives Spring Security its {@code AuthenticationManager} (issue 63): a chain on
 * {@code http.authenticationManager(new ProviderManager(...))} ({@code /local/**}: form login and HTTP
 * Basic), the default chain with form login and remember-me, and JSON logins on
 * {@code AuthenticationConfiguration.getAuthenticationManager()}, on a manager bean declared as
 * {@code ProviderManager}, on a provider that answers a wrong password with
 * {@code AuthenticationServiceException}, on another thread, with a principal that is no name, and a
 * batch of passwords in one request. Issue 70's: a manager bean declared by an interface of its own (a
 * lambda) and one of a final class, a second provider answering "disabled" after the first judged the
 * password (a bean, and a chain on {@code /directory/**}), a provider that judges and then answers
 * "locked", a password token of the application's own type. Users {@code alice}, {@code bob}, {@code carol}
 * and others, password {@code secret}; every store counts what it is asked ({@link #LOOKUPS}). Nothing of
 * Playtcha's but the settings and {@link AccountPrincipal}.
 */
@SpringBootApplication
public class WaysInApplication {

    /** How many times any store was asked for an account: once per password checked. */
    public static final AtomicInteger LOOKUPS = new AtomicInteger();

    /** A two-factor form's login: a record whose {@code toString} carries every field, not a name. */
    public record CodeLogin(String user, String code) {
    }

    /** The same login, saying which account it is for. */
    public record NamedCodeLogin(String user, String code) implements AccountPrincipal {
        @Override
        public String account() {
            return user;
        }
    }

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "kim", "leo",
                "mia", "ned", "olga", "pat", "quinn", "rita")) {
            users.createUser(User.withUsername(name).password("{noop}secret").roles("USER").build());
        }
        return name -> {
            LOOKUPS.incrementAndGet();
            return users.loadUserByUsername(name);
        };
    }

    private static DaoAuthenticationProvider dao(UserDetailsService users) {
        return new DaoAuthenticationProvider(users);
    }

    /** Issue 70, item 2: a manager type of the application's own, its bean a lambda. */
    public interface TenantLogins extends AuthenticationManager {
    }

    /** Issue 70, item 3: a manager of a final class. */
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

    /** Checks an {@link EmailPasswordToken} itself: the user is the e-mail's local part; no encoder bean sees it. */
    static AuthenticationProvider emailProvider(UserDetailsService users) {
        return judging(users, EmailPasswordToken.class, () -> new BadCredentialsException("wrong e-mail or password"));
    }

    /**
     * A provider of the application's own that looks the user up and compares the password itself, answering
     * {@code wrong} for a wrong one: {@code LockedException} is issue 70's item 5, a provider that judges and then says
     * "locked".
     */
    static AuthenticationProvider judging(UserDetailsService users, Class<? extends Authentication> type,
            Supplier<AuthenticationException> wrong) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String name = authentication.getName().split("@")[0];
                UserDetails user = users.loadUserByUsername(name);
                if (!("{noop}" + authentication.getCredentials()).equals(user.getPassword())) {
                    throw wrong.get();
                }
                return UsernamePasswordAuthenticationToken.authenticated(name, null, user.getAuthorities());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return type.isAssignableFrom(authentication);
            }
        };
    }

    /** Issue 70, item 5: a directory that answers "disabled" for an account, as Active Directory maps its sub-codes. */
    static AuthenticationProvider disabledInTheDirectory() {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                throw new DisabledException("the directory says the account is disabled");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        };
    }

    @Bean
    TenantLogins tenantLogins(UserDetailsService users) {
        ProviderManager manager = new ProviderManager(dao(users));
        return manager::authenticate;
    }

    @Bean
    AuthenticationManager finalLogins(UserDetailsService users) {
        return new FinalLogins(new ProviderManager(dao(users)));
    }

    /** The store judges the password and says "bad credentials"; the directory after it answers DisabledException. */
    @Bean
    ProviderManager disabledAfterJudged(UserDetailsService users) {
        return new ProviderManager(dao(users), disabledInTheDirectory());
    }

    @Bean
    AuthenticationManager judgesThenLocks(UserDetailsService users) {
        return new ProviderManager(judging(users, UsernamePasswordAuthenticationToken.class, () -> new LockedException("locked")));
    }

    @Bean
    ProviderManager emailLogins(UserDetailsService users) {
        return new ProviderManager(emailProvider(users));
    }

    /** Item 5 on a chain: two providers on the chain's own builder, the directory second. */
    @Bean
    @Order(0)
    SecurityFilterChain directory(HttpSecurity http, UserDetailsService users) throws Exception {
        http.securityMatcher("/directory/**")
                .authenticationProvider(dao(users))
                .authenticationProvider(disabledInTheDirectory())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** A chain given its own manager, as Spring Security documents it: no post-processor sees this one. */
    @Bean
    @Order(1)
    SecurityFilterChain local(HttpSecurity http, UserDetailsService users) throws Exception {
        http.securityMatcher("/local/**")
                .authenticationManager(new ProviderManager(dao(users)))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/local/login").permitAll().anyRequest().authenticated())
                .formLogin(form -> form.loginProcessingUrl("/local/login").failureUrl("/local/login?error")
                        .defaultSuccessUrl("/local/whoami", true))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain main(HttpSecurity http, UserDetailsService users) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/api/**", "/login", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginProcessingUrl("/login").failureUrl("/login?error").defaultSuccessUrl("/whoami", true))
                .rememberMe(remember -> remember.key("remember-me-key").userDetailsService(users))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** A manager bean declared by its class, with a second store that is down after the first said no. */
    @Bean
    ProviderManager twoStores(UserDetailsService users) {
        AuthenticationProvider down = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                LOOKUPS.incrementAndGet();
                throw new InternalAuthenticationServiceException("the second store is down");
            }

            @Override
            public boolean supports(Class<?> type) {
                return true;
            }
        };
        return new ProviderManager(dao(users), down);
    }

    /** A provider that answers a wrong password with AuthenticationServiceException, as some LDAP setups do. */
    static AuthenticationManager serviceErrors() {
        return authentication -> {
            LOOKUPS.incrementAndGet();
            if ("secret".equals(authentication.getCredentials())) {
                return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of());
            }
            throw new AuthenticationServiceException("the directory said no");
        };
    }

    @Bean
    AuthenticationManager serviceErrorManager() {
        return serviceErrors();
    }

    /** A servlet filter ordered before Spring's RequestContextFilter that checks a password: no request is bound yet. */
    @Bean
    FilterRegistrationBean<Filter> earlyLogin(AuthenticationConfiguration configuration) {
        Filter early = (request, response, chain) -> {
            String answer;
            try {
                answer = "caller=" + configuration.getAuthenticationManager().authenticate(UsernamePasswordAuthenticationToken
                        .unauthenticated(request.getParameter("username"), request.getParameter("password"))).getName();
            } catch (Exception failed) {
                answer = failed.getClass().getSimpleName();
            }
            response.getWriter().write(answer);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(early);
        registration.addUrlPatterns("/early/login");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @RestController
    static class Logins {
        private final AuthenticationConfiguration configuration;
        private final ProviderManager twoStores;
        private final AuthenticationManager serviceErrors;
        private final Map<String, AuthenticationManager> managers;
        private final ProviderManager emails;

        Logins(AuthenticationConfiguration configuration, @Qualifier("twoStores") ProviderManager twoStores,
                @Qualifier("serviceErrorManager") AuthenticationManager serviceErrors, TenantLogins tenant,
                @Qualifier("finalLogins") AuthenticationManager finalLogins,
                @Qualifier("disabledAfterJudged") ProviderManager disabledAfterJudged,
                @Qualifier("judgesThenLocks") AuthenticationManager judgesThenLocks, @Qualifier("emailLogins") ProviderManager emails) {
            this.configuration = configuration;
            this.twoStores = twoStores;
            this.serviceErrors = serviceErrors;
            this.managers = Map.of("tenant", tenant, "final", finalLogins, "disabled-after-judged", disabledAfterJudged,
                    "judges-then-locks", judgesThenLocks);
            this.emails = emails;
        }

        /** Issue 70's managers by name ({@code tenant}, {@code final}, {@code disabled-after-judged}, {@code judges-then-locks}). */
        @PostMapping("/api/manager/{name}")
        ResponseEntity<String> manager(@PathVariable("name") String name, @RequestBody Map<String, String> body) {
            return answered(managers.get(name), token(body.get("username"), body.get("password")));
        }

        /** Issue 70, item 6: the application's own token type, naming its account ({@code named=true}) or not. */
        @PostMapping("/api/email")
        ResponseEntity<String> email(@RequestBody Map<String, String> body) {
            EmailPasswordToken token = "true".equals(body.get("named")) ? new NamedEmailPasswordToken(body.get("email"), body.get("password"))
                    : new EmailPasswordToken(body.get("email"), body.get("password"));
            return answered(emails, token);
        }

        @GetMapping({"/whoami", "/local/whoami", "/directory/whoami"})
        String whoami(Principal caller) {
            return "caller=" + caller.getName();
        }

        /** A JSON login on the manager AuthenticationConfiguration hands out, as a custom login filter would get it. */
        @PostMapping("/api/config")
        ResponseEntity<String> config(@RequestBody Map<String, String> body) throws Exception {
            return answered(configuration.getAuthenticationManager(), token(body.get("username"), body.get("password")));
        }

        @PostMapping("/api/two-stores")
        ResponseEntity<String> twoStores(@RequestBody Map<String, String> body) {
            return answered(twoStores, token(body.get("username"), body.get("password")));
        }

        @PostMapping("/api/service-errors")
        ResponseEntity<String> serviceErrors(@RequestBody Map<String, String> body) {
            return answered(serviceErrors, token(body.get("username"), body.get("password")));
        }

        /** A two-factor form: the principal a record, named ({@code named=true}) or not. */
        @PostMapping("/api/code")
        ResponseEntity<String> code(@RequestBody Map<String, String> body) throws Exception {
            Object principal = "true".equals(body.get("named")) ? new NamedCodeLogin(body.get("username"), "123456")
                    : new CodeLogin(body.get("username"), body.get("code"));
            return answered(configuration.getAuthenticationManager(),
                    UsernamePasswordAuthenticationToken.unauthenticated(principal, body.get("password")));
        }

        /** The same check on another thread, where no request is bound. */
        @PostMapping("/api/async")
        ResponseEntity<String> async(@RequestBody Map<String, String> body) throws Exception {
            AuthenticationManager manager = configuration.getAuthenticationManager();
            UsernamePasswordAuthenticationToken token = token(body.get("username"), body.get("password"));
            try {
                return answered(CompletableFuture.supplyAsync(() -> manager.authenticate(token)).join());
            } catch (CompletionException failed) {
                return refused(failed.getCause());
            }
        }

        /** A pre-authenticated login (as X.509's or a proxy's header) on the same manager: no password, no decision. */
        @PostMapping("/api/pre-authenticated")
        ResponseEntity<String> preAuthenticated(@RequestBody Map<String, String> body) throws Exception {
            PreAuthenticatedAuthenticationToken token = new PreAuthenticatedAuthenticationToken(body.get("username"), "n/a");
            return answered(configuration.getAuthenticationManager(), token);
        }

        /** A batch endpoint: one account, many passwords, one request; answers how many logged in. */
        @PostMapping("/api/batch")
        String batch(@RequestBody Map<String, List<String>> body) throws Exception {
            AuthenticationManager manager = configuration.getAuthenticationManager();
            String user = body.get("username").get(0);
            int accepted = 0;
            int refused = 0;
            for (String password : body.get("passwords")) {
                try {
                    manager.authenticate(token(user, password));
                    accepted++;
                } catch (AuthenticationException wrong) {
                    refused++;
                }
            }
            return "accepted=" + accepted + ", refused=" + refused;
        }

        private static UsernamePasswordAuthenticationToken token(String user, String password) {
            return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        }

        private static ResponseEntity<String> answered(AuthenticationManager manager, Authentication token) {
            try {
                return answered(manager.authenticate(token));
            } catch (RuntimeException failed) {
                return refused(failed);
            }
        }

        private static ResponseEntity<String> answered(Authentication caller) {
            return ResponseEntity.ok("caller=" + caller.getName());
        }

        /** 401 with the exception's simple name: what the tests tell a refusal by the guard from a wrong password by. */
        private static ResponseEntity<String> refused(Throwable failed) {
            return ResponseEntity.status(401).body(failed.getClass().getSimpleName());
        }
    }
}
