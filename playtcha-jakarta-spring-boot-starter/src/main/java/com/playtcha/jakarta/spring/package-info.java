/**
 * The Spring Boot starter: {@link com.playtcha.jakarta.spring.PlaytchaAutoConfiguration} (settings,
 * the verifier bean, the filter), {@link com.playtcha.jakarta.spring.PlaytchaHealthAutoConfiguration}
 * (the Actuator health indicator on Spring Boot 3.5 and 4.0) and
 * {@link com.playtcha.jakarta.spring.PlaytchaMetricsAutoConfiguration} (Micrometer, or OpenTelemetry), and
 * {@link com.playtcha.jakarta.spring.PlaytchaRedisAutoConfiguration} (the application's Spring Data Redis
 * server for the Redis module), and {@link com.playtcha.jakarta.spring.PlaytchaWebFluxAutoConfiguration} (a
 * reactive application's filter and {@code Mono} verifier, from {@code spring.webflux}), and
 * {@link com.playtcha.jakarta.spring.PlaytchaSecurityAutoConfiguration} (the login guard of Spring Security, servlet
 * and reactive, from the {@code spring.security} packages, a floor below it). Guide: docs/spring-boot.md.
 *
 * <p>May import: {@code core}; {@code servlet}; {@code spi} ({@code VerifierFactory}) and the stores'
 * contracts ({@code spi.store}); the starter's WebFlux side ({@code spring.webflux}), made in a reactive
 * application only; Spring's and Micrometer's APIs ({@code org.springframework}, {@code io.micrometer}: every
 * Spring type is the application's); the Servlet API ({@code jakarta.servlet}); the Redis module
 * ({@code redis}), by its class's name in a condition; the login guard's packages ({@code spring.security},
 * {@code spring.security.servlet}, {@code spring.security.reactive}) in {@code PlaytchaSecurityAutoConfiguration}, which
 * wires both stacks. Never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring;

