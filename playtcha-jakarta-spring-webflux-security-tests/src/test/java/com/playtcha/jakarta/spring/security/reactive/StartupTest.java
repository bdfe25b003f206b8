package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.StartRefusalContract;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Where the reactive guard cannot reach a password check, the start fails and names it: a
 * {@code ReactiveAuthenticationManager} bean declared as a final class (no subclass can hold it), and a login filter
 * added to a chain by hand on a manager the guard does not see; since issue 84, a filter of no known kind added at a
 * login's place (a lambda wrapping a login filter), a login filter as a {@code WebFilter} bean, and a filter chain proxy of
 * the application's own. None of these applications starts, so none serves a login undecided.
 */
class StartupTest extends StartRefusalContract {

    @Override
    protected WebApplicationType stack() {
        return WebApplicationType.REACTIVE;
    }

    @Override
    protected Class<?> finalManagerBean() {
        return FinalManagerBean.class;
    }

    /** A manager bean declared as its final class. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FinalManagerBean {
        static final class FinalLogins implements ReactiveAuthenticationManager {
            private final ReactiveAuthenticationManager manager;

            FinalLogins(ReactiveAuthenticationManager manager) {
                this.manager = manager;
            }

            @Override
            public Mono<Authentication> authenticate(Authentication authentication) {
                return manager.authenticate(authentication);
            }
        }

        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        FinalLogins finalLogins() {
            return new FinalLogins(new UserDetailsRepositoryReactiveAuthenticationManager(new Users()));
        }
    }

    /** HTTP Basic's filter made by hand on a manager of its own and added to the chain. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FilterAddedByHand {
        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        SecurityWebFilterChain byHand(ServerHttpSecurity http) {
            ReactiveAuthenticationManager own = new UserDetailsRepositoryReactiveAuthenticationManager(new Users());
            AuthenticationWebFilter basic = new AuthenticationWebFilter(own);
            return http.addFilterAt(basic, SecurityWebFiltersOrder.HTTP_BASIC)
                    .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated()).build();
        }
    }

    /** A manager over a user store that is no bean: nothing of it reaches the guard. */
    static ReactiveAuthenticationManager ownManager() {
        return new UserDetailsRepositoryReactiveAuthenticationManager(new Users());
    }

    /** Issue 84, item 6: HTTP Basic's filter on a manager of its own, wrapped in a lambda added at the authentication place. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WrappedInALambda {
        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        SecurityWebFilterChain wrapped(ServerHttpSecurity http) {
            AuthenticationWebFilter inner = new AuthenticationWebFilter(ownManager());
            return http.addFilterAt((exchange, chain) -> inner.filter(exchange, chain), SecurityWebFiltersOrder.AUTHENTICATION)
                    .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated()).build();
        }
    }

    /** Issue 84, item 6: the login filter as a WebFilter bean, which WebFlux runs on every exchange. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class LoginFilterBean {
        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        WebFilter basicBean() {
            return new AuthenticationWebFilter(ownManager());
        }
    }

    /** Issue 84, item 6: a filter chain proxy of the application's own, over a chain built on ServerHttpSecurity.http(). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnChainProxy {
        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        WebFilterChainProxy ownProxy() {
            SecurityWebFilterChain chain = ServerHttpSecurity.http().httpBasic(basic -> basic.authenticationManager(ownManager()))
                    .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated()).build();
            return new WebFilterChainProxy(chain);
        }
    }

    /** Issue 84, item 6. Failed on 49c308dd: started silently (a lambda's type says nothing of what it wraps). */
    @Test
    void aFilterOfNoKnownKind_addedAtTheAuthenticationPlace_failsTheStart() {
        String failed = failedStart(WrappedInALambda.class);

        assertTrue(failed.contains("in the SecurityWebFilterChain bean 'wrapped' was added at SecurityWebFiltersOrder.AUTHENTICATION"),
                failed);
        assertTrue(failed.contains("reactivePlaytchaLoginGuard.authenticationWebFilter(manager)"), failed);
    }

    /** Issue 84, item 6. Failed on 49c308dd: started silently (only SecurityWebFilterChain beans were looked at). */
    @Test
    void aLoginFilterAsAWebFilterBean_failsTheStart_namingIt() {
        String failed = failedStart(LoginFilterBean.class);

        assertTrue(failed.contains(AuthenticationWebFilter.class.getName() + " in the WebFilter bean 'basicBean'"), failed);
        assertTrue(failed.contains("formLogin() or httpBasic()"), failed);
    }

    /** Issue 84, item 6. Failed on 49c308dd: started silently (the chain was no bean, the proxy not looked at). */
    @Test
    void aFilterChainProxyOfTheApplicationsOwn_failsTheStart_namingIt() {
        String failed = failedStart(OwnChainProxy.class);

        assertTrue(failed.contains(WebFilterChainProxy.class.getName() + " in the WebFilter bean 'ownProxy'"), failed);
        assertTrue(failed.contains("SecurityWebFilterChain bean"), failed);
    }

    @Test
    void aLoginFilterAddedByHand_failsTheStart_namingTheChainAndTheWayOut() {
        String failed = failedStart(FilterAddedByHand.class);

        assertTrue(failed.contains(AuthenticationWebFilter.class.getName() + " in the SecurityWebFilterChain bean 'byHand'"), failed);
        assertTrue(failed.contains("reactivePlaytchaLoginGuard.authenticationWebFilter(manager)"), failed);
    }
}
