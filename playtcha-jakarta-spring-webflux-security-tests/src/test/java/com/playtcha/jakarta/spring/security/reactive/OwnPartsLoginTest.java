package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An attacker at the parts of an application's own, under {@code playtcha.login.require=always}: a
 * {@code ReactiveAuthenticationManager} bean of the application's (a lambda that asks the store and compares the password
 * itself) called by a controller, and Spring's user-store manager built in place by a controller, which the guard does
 * not hold, over the {@code ReactiveUserDetailsService} bean. Neither is a way around: ten tokenless guesses (the right
 * password last) reach the store no time, and the right password with a token logs in. Before the user-store bean
 * decided the lookups of Spring's managers it does not hold, the in-place manager's ten guesses all reached the store.
 */
@SpringBootTest(classes = OwnPartsLoginTest.OwnParts.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class OwnPartsLoginTest extends OnSimulator {

    /** The user store and a manager bean of the application's own, a chain that lets the JSON logins through. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Logins.class)
    static class OwnParts {
        @Bean
        ReactiveUserDetailsService users() {
            return new Users();
        }

        @Bean
        ReactiveAuthenticationManager ownManager(ReactiveUserDetailsService users) {
            return LoginApplication.judging(users, new BadCredentialsException("wrong name or password"));
        }

        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable).build();
        }
    }

    /** JSON logins: on the manager bean, and on a manager of Spring's built in place over the user-store bean. */
    @RestController
    static class Logins {
        private final ReactiveAuthenticationManager ownManager;
        private final ReactiveUserDetailsService users;

        Logins(ReactiveAuthenticationManager ownManager, ReactiveUserDetailsService users) {
            this.ownManager = ownManager;
            this.users = users;
        }

        @PostMapping("/api/own-bean")
        Mono<ResponseEntity<String>> ownBean(@RequestBody Map<String, String> body) {
            return LoginApplication.Logins.answered(ownManager.authenticate(token(body)));
        }

        @PostMapping("/api/in-place")
        Mono<ResponseEntity<String>> inPlace(@RequestBody Map<String, String> body) {
            ReactiveAuthenticationManager inPlace = new UserDetailsRepositoryReactiveAuthenticationManager(users);
            return LoginApplication.Logins.answered(inPlace.authenticate(token(body)));
        }

        private static UsernamePasswordAuthenticationToken token(Map<String, String> body) {
            return UsernamePasswordAuthenticationToken.unauthenticated(body.get("username"), body.get("password"));
        }
    }

    @Test
    void aManagerBeanOfTheApplicationsOwn_isDecided() throws Exception {
        tenTokenlessGuesses_reachTheStoreNoTime_andTheRightPasswordWithATokenLogsIn("/api/own-bean", "kim");
    }

    @Test
    void springsManagerBuiltInPlace_overTheUserStoreBean_isDecidedWhereTheStoreIsAsked() throws Exception {
        tenTokenlessGuesses_reachTheStoreNoTime_andTheRightPasswordWithATokenLogsIn("/api/in-place", "leo");
    }

    private void tenTokenlessGuesses_reachTheStoreNoTime_andTheRightPasswordWithATokenLogsIn(String path, String user) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> guess = client().login(path, user, i == 9 ? "secret" : "guess" + i, null);
            assertEquals(403, guess.statusCode(), guess::body);
            assertTrue(guess.body().startsWith("{\"error\":{\"code\":\"missing_token\""), guess::body);
        }
        assertEquals(0, Users.LOOKUPS.get(), "no guess reached the store");

        HttpResponse<String> wrong = client().login(path, user, "guess", playtcha().mintToken());
        assertEquals(401, wrong.statusCode(), wrong::body);
        assertEquals("caller=" + user, client().login(path, user, "secret", playtcha().mintToken()).body());
        assertEquals(2, Users.LOOKUPS.get(), "the two checks the tokens covered");
    }
}
