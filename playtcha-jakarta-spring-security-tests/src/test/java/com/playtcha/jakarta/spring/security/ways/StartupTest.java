package com.playtcha.jakarta.spring.security.ways;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.Filter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Issue 63: where the guard cannot reach a chain's or an application's logins, the start fails and says
 * why: a {@code SecurityFilterChain} bean built without the {@code HttpSecurity} Spring Security hands
 * out, and a reactive (WebFlux) application, whose logins the guard does not reach.
 */
class StartupTest {

    private static final PlaytchaSimulator PLAYTCHA = PlaytchaSimulator.start();

    /** A chain made by hand, its filters given their managers directly. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class HandMadeChain {
        @Bean
        SecurityFilterChain handMade() {
            Filter login = (request, response, chain) -> chain.doFilter(request, response);
            return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, List.of(login));
        }
    }

    /** A reactive application with Spring Security. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Reactive {
    }

    private static SpringApplication application(Class<?> source, WebApplicationType type) {
        return new SpringApplicationBuilder(source).web(type).properties("server.port=0", "playtcha.login.require=always",
                "playtcha.secret=" + PLAYTCHA.secret(), "playtcha.api-url=" + PLAYTCHA.url()).build();
    }

    @Test
    void aChainBuiltWithoutHttpSecurity_failsTheStart_namingIt() {
        Throwable failed = assertThrows(RuntimeException.class, () -> application(HandMadeChain.class, WebApplicationType.SERVLET).run());

        assertTrue(messages(failed).contains("SecurityFilterChain bean 'handMade'"), () -> messages(failed));
        assertTrue(messages(failed).contains("HttpSecurity"), () -> messages(failed));
    }

    @Test
    void aReactiveApplication_failsTheStart_sayingWhatIsNotGuarded() {
        Throwable failed = assertThrows(RuntimeException.class, () -> application(Reactive.class, WebApplicationType.REACTIVE).run());

        assertTrue(messages(failed).contains("reactive (WebFlux) application"), () -> messages(failed));
        assertTrue(messages(failed).contains("ReactiveAuthenticationManager"), () -> messages(failed));
    }

    private static String messages(Throwable failed) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
