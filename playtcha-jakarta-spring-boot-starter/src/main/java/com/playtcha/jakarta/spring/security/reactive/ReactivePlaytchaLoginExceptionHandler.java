package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link PlaytchaLoginException} that a WebFlux controller let through (a JSON login whose {@code Mono} errors
 * with it): the refusal's status and headers ({@code Playtcha-Login-Needs-Token}, {@code Playtcha-Token-Spent},
 * {@code Retry-After}), and the library's envelope for a client that prefers JSON, else no body. Answered here, not left
 * to travel on: a {@code PlaytchaLoginException} is an {@code AuthenticationException}, which a form login's filter
 * before the controller would take for its own failure (back to the login page). Registered by
 * {@code PlaytchaSecurityAutoConfiguration} in a reactive application; it answers nothing else. A form or HTTP Basic
 * login never gets here: Spring Security's login filter answers the refusal as any failed login.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReactivePlaytchaLoginExceptionHandler {

    @ExceptionHandler(PlaytchaLoginException.class)
    public ResponseEntity<String> refused(PlaytchaLoginException refused) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refused.status());
        refused.headers().forEach((name, value) -> answer.header(name, value));
        String json = refused.json();
        return json == null ? answer.build() : answer.header(HttpHeaders.CONTENT_TYPE, Rejection.JSON_TYPE).body(json);
    }
}
