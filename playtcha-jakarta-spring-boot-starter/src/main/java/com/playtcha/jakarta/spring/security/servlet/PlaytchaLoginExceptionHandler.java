package com.playtcha.jakarta.spring.security.servlet;

import com.playtcha.jakarta.spi.servlet.ServletRejection;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link PlaytchaLoginException} that a JSON login's controller let through: the refusal's
 * status and headers, and the library's envelope for a client that prefers JSON, else the application's
 * error page for the status. Registered by {@code PlaytchaSecurityAutoConfiguration} in a Spring MVC
 * application; it answers nothing else.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PlaytchaLoginExceptionHandler {

    @ExceptionHandler(PlaytchaLoginException.class)
    public void refused(PlaytchaLoginException refused, HttpServletResponse response) throws IOException {
        ServletRejection.write(response, refused.rejection()); // as every door writes a refusal
    }
}
