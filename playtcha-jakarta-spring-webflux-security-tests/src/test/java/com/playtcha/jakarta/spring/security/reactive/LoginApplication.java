package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spring.security.AccountPrincipal;
import com.playtcha.jakarta.spring.security.PasswordlessAuthentication;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import com.playtcha.jakarta.spring.testkit.EmailPasswordToken;
import com.playtcha.jakarta.spring.testkit.NamedEmailPasswordToken;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ReactivePreAuthenticatedAuthenticationManager;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * A reactive Spring Security application with the logins an application writes: the default chain's
 * {@code formLogin()} and {@code httpBasic()} on the manager Spring Security builds over the
 * {@code ReactiveUserDetailsService} bean; a chain on a manager of its own ({@code /local/**},
 * {@code http.authenticationManager(...)}); a chain whose HTTP Basic has a manager of its own ({@code /spec/**},
 * {@code httpBasic(basic -> basic.authenticationManager(...))}, which the guard does not see); chains whose
 * {@code httpBasic()} or {@code formLogin()} has a manager of its own that asks no store bean ({@code /own-basic/**},
 * {@code /own-form/**}: a lambda comparing the password itself; {@code /own-store/**}: Spring's user-store manager over a
 * store that is no bean), each call counted ({@link #OWN_CHECKS}); and JSON logins in
 * controllers on managers the guard holds ({@code reactivePlaytchaLoginGuard.guard(...)}): a user-store manager, a
 * batch of passwords, one subscribed outside the request, a principal that is no name, a token of the application's
 * own type, a manager that judges and then says "locked", a pre-authenticated (password-free) login. Users:
 * {@link Users}. CSRF is off only so that the tests need no CSRF token; an application keeps it.
 */
@SpringBootApplication
public class LoginApplication {

    /** How many times a manager or store of the application's own that the guard does not hold was asked. */
    public static final AtomicInteger OWN_CHECKS = new AtomicInteger();

    @Bean
    ReactiveUserDetailsService users() {
        return new Users();
    }

    @Bean
    @Order(1)
    SecurityWebFilterChain local(ServerHttpSecurity http, ReactiveUserDetailsService users) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/local/**"))
                .authenticationManager(new UserDetailsRepositoryReactiveAuthenticationManager(users))
                .authorizeExchange(exchanges -> exchanges.pathMatchers("/local/login").permitAll().anyExchange().authenticated())
                .formLogin(form -> form.loginPage("/local/login"))
                .httpBasic(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain spec(ServerHttpSecurity http, ReactiveUserDetailsService users) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/spec/**"))
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .httpBasic(basic -> basic.authenticationManager(new UserDetailsRepositoryReactiveAuthenticationManager(users)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** {@code httpBasic()} given a manager of the application's own that compares the password itself, asking no store bean. */
    @Bean
    @Order(3)
    SecurityWebFilterChain ownBasic(ServerHttpSecurity http) {
        return basicOnItsOwn(http, "/own-basic/**", comparing());
    }

    /** A chain of {@code paths} whose {@code httpBasic()} is given {@code manager}. */
    private static SecurityWebFilterChain basicOnItsOwn(ServerHttpSecurity http, String paths, ReactiveAuthenticationManager manager) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(paths))
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .httpBasic(basic -> basic.authenticationManager(manager))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** {@code formLogin()} on a login page of its own, given the same kind of manager. */
    @Bean
    @Order(4)
    SecurityWebFilterChain ownForm(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/own-form/**"))
                .authorizeExchange(exchanges -> exchanges.pathMatchers("/own-form/login").permitAll().anyExchange().authenticated())
                .formLogin(form -> form.loginPage("/own-form/login").authenticationManager(comparing()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** {@code httpBasic()} given Spring's user-store manager over a store that is no bean. */
    @Bean
    @Order(5)
    SecurityWebFilterChain ownStore(ServerHttpSecurity http) {
        MapReactiveUserDetailsService store = new MapReactiveUserDetailsService(Stream.of("owen", "olive", "oscar", "otto")
                .map(name -> User.withUsername(name).password("{noop}secret").roles("USER").build()).toList());
        ReactiveUserDetailsService counted = name -> {
            OWN_CHECKS.incrementAndGet();
            return store.findByUsername(name);
        };
        return basicOnItsOwn(http, "/own-store/**", new UserDetailsRepositoryReactiveAuthenticationManager(counted));
    }

    @Bean
    @Order(6)
    SecurityWebFilterChain pages(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.pathMatchers("/api/**", "/login").permitAll().anyExchange().authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /**
     * A manager of the application's own, no bean, that asks no store: any name with the password {@code secret}; each call
     * counted ({@link #OWN_CHECKS}).
     */
    static ReactiveAuthenticationManager comparing() {
        return authentication -> Mono.defer(() -> {
            OWN_CHECKS.incrementAndGet();
            return "secret".equals(authentication.getCredentials())
                    ? Mono.just(UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of()))
                    : Mono.error(new BadCredentialsException("wrong name or password"));
        });
    }

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

    /** An API key of the application's own, which carries no password. */
    public static final class ApiKeyToken extends AbstractAuthenticationToken implements PasswordlessAuthentication {
        private static final long serialVersionUID = 1L;
        private final String user;

        public ApiKeyToken(String user) {
            super(List.of());
            this.user = user;
        }

        @Override
        public Object getPrincipal() {
            return user;
        }

        @Override
        public Object getCredentials() {
            return "key-of-" + user;
        }
    }

    /**
     * A manager of the application's own that looks the user up and compares the password itself: an e-mail's local part
     * is the user; a wrong password is {@code wrong}; an API key is taken as it is.
     */
    static ReactiveAuthenticationManager judging(ReactiveUserDetailsService users, AuthenticationException wrong) {
        return authentication -> {
            String name = authentication.getName().split("@")[0];
            return users.findByUsername(name).switchIfEmpty(Mono.error(wrong)).flatMap(user -> {
                boolean right = authentication instanceof ApiKeyToken
                        || ("{noop}" + authentication.getCredentials()).equals(user.getPassword());
                return right ? Mono.just(UsernamePasswordAuthenticationToken.authenticated(name, null, user.getAuthorities()))
                        : Mono.error(wrong);
            });
        };
    }

    @RestController
    static class Logins {

        private final ReactivePlaytchaLoginGuard guard;
        private final ReactiveAuthenticationManager manager;
        private final ReactiveAuthenticationManager own;
        private final ReactiveAuthenticationManager lockedAfter;
        private final ReactiveAuthenticationManager preAuthenticated;

        Logins(ReactivePlaytchaLoginGuard guard, ReactiveUserDetailsService users) {
            this.guard = guard;
            this.manager = guard.guard(new UserDetailsRepositoryReactiveAuthenticationManager(users));
            this.own = guard.guard(judging(users, new BadCredentialsException("wrong e-mail or password")));
            this.lockedAfter = guard.guard(judging(users, new LockedException("locked")));
            this.preAuthenticated = guard.guard(new ReactivePreAuthenticatedAuthenticationManager(users));
        }

        /** {@code login}'s answer: the caller, or the failure's type with 401; a refusal of the guard's goes to its handler. */
        static Mono<ResponseEntity<String>> answered(Mono<Authentication> login) {
            return login.map(caller -> ResponseEntity.ok("caller=" + caller.getName()))
                    .onErrorResume(e -> !(e instanceof PlaytchaLoginException) && e instanceof AuthenticationException,
                            e -> Mono.just(ResponseEntity.status(401).body(e.getClass().getSimpleName())));
        }

        @PostMapping("/api/login")
        Mono<ResponseEntity<String>> login(@RequestBody Map<String, String> body) {
            return answered(manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"),
                    body.get("password"))));
        }

        /** {@code /api/login}'s login, its answer naming the thread the login went on on once decided. */
        @PostMapping("/api/login-thread")
        Mono<String> loginThread(@RequestBody Map<String, String> body) {
            return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"), body.get("password")))
                    .map(caller -> "caller=" + caller.getName() + "\nthread=" + Thread.currentThread().getName());
        }

        /** One request, many passwords: sent one after the other, or all at once ({@code "parallel": "true"}). */
        @PostMapping("/api/batch")
        Mono<String> batch(@RequestBody Map<String, Object> body) {
            String user = (String) body.get("username");
            @SuppressWarnings("unchecked")
            List<String> passwords = (List<String>) body.get("passwords");
            Flux<String> each = Flux.fromIterable(passwords);
            Flux<Boolean> checked = "true".equals(body.get("parallel"))
                    ? each.flatMap(password -> accepted(user, password)) : each.concatMap(password -> accepted(user, password));
            return checked.collectList().map(all -> "accepted=" + all.stream().filter(b -> b).count() + ", refused="
                    + all.stream().filter(b -> !b).count());
        }

        private Mono<Boolean> accepted(String user, String password) {
            return manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password)).map(ok -> true)
                    .onErrorReturn(false);
        }

        /** A check subscribed apart from the request (its own future): no exchange in its context. */
        @PostMapping("/api/outside")
        Mono<ResponseEntity<String>> outside(@RequestBody Map<String, String> body) {
            return answered(Mono.fromFuture(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                    body.get("username"), body.get("password"))).toFuture()));
        }

        @PostMapping("/api/code")
        Mono<ResponseEntity<String>> code(@RequestBody Map<String, String> body) {
            Object principal = "true".equals(body.get("named")) ? new NamedCodeLogin(body.get("username"), "123456")
                    : new CodeLogin(body.get("username"), "123456");
            return answered(manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(principal, body.get("password"))));
        }

        @PostMapping("/api/email")
        Mono<ResponseEntity<String>> email(@RequestBody Map<String, String> body) {
            Authentication token = "true".equals(body.get("named")) ? new NamedEmailPasswordToken(body.get("email"), body.get("password"))
                    : new EmailPasswordToken(body.get("email"), body.get("password"));
            return answered(own.authenticate(token));
        }

        @PostMapping("/api/api-key")
        Mono<ResponseEntity<String>> apiKey(@RequestBody Map<String, String> body) {
            return answered(own.authenticate(new ApiKeyToken(body.get("username"))));
        }

        @PostMapping("/api/judges-then-locks")
        Mono<ResponseEntity<String>> judgesThenLocks(@RequestBody Map<String, String> body) {
            return answered(lockedAfter.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"),
                    body.get("password"))));
        }

        @PostMapping("/api/pre-authenticated")
        Mono<ResponseEntity<String>> preAuthenticated(@RequestBody Map<String, String> body) {
            return answered(preAuthenticated.authenticate(new PreAuthenticatedAuthenticationToken(body.get("username"), "N/A")));
        }

        /** What a login page asks: whether to show the widget. */
        @GetMapping("/api/login-page")
        Mono<String> loginPage(ServerWebExchange exchange) {
            return guard.needsToken(exchange).map(needed -> "widget=" + needed);
        }

        @GetMapping({"/whoami", "/local/whoami", "/spec/whoami", "/own-basic/whoami", "/own-form/whoami", "/own-store/whoami"})
        Mono<String> whoami(ServerWebExchange exchange) {
            return exchange.getPrincipal().map(caller -> "caller=" + caller.getName());
        }
    }
}
