/**
 * The Spring Boot starter: {@link com.playtcha.jakarta.spring.PlaytchaAutoConfiguration} (settings,
 * the verifier bean, the filter), {@link com.playtcha.jakarta.spring.PlaytchaHealthAutoConfiguration}
 * (the Actuator health indicator on Spring Boot 3.5 and 4.0) and
 * {@link com.playtcha.jakarta.spring.PlaytchaMetricsAutoConfiguration} (Micrometer, or OpenTelemetry), and
 * {@link com.playtcha.jakarta.spring.PlaytchaRedisAutoConfiguration} (the application's Spring Data Redis
 * server for the Redis module), and {@link com.playtcha.jakarta.spring.PlaytchaWebFluxAutoConfiguration} (a
 * reactive application's filter and {@code Mono} verifier, from {@code spring.webflux}).
 * Guide: docs/spring-boot.md.
 *
 * <p>May import: the starter's {@code spring.webflux}, the library's {@code core}, {@code servlet} and {@code spi}
 * ({@code VerifierFactory}, and the stores' contracts of {@code spi.store}), Spring's and Micrometer's APIs (every
 * Spring type is the application's), the Servlet API and the JDK; never {@code internal} nor {@code config}. The Redis module
 * only by its class's name, in a condition.
 */
package com.playtcha.jakarta.spring;

