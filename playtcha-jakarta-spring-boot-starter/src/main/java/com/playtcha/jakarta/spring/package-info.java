/**
 * The Spring Boot starter: {@link com.playtcha.jakarta.spring.PlaytchaAutoConfiguration} (settings,
 * the verifier bean, the filter), {@link com.playtcha.jakarta.spring.PlaytchaHealthAutoConfiguration}
 * (the Actuator health indicator on Spring Boot 3.5 and 4.0) and
 * {@link com.playtcha.jakarta.spring.PlaytchaMetricsAutoConfiguration} (Micrometer, or OpenTelemetry), and
 * {@link com.playtcha.jakarta.spring.PlaytchaRedisAutoConfiguration} (the application's Spring Data Redis
 * server for the Redis module).
 * Depends on the library's {@code core}, {@code servlet} and {@code spi} ({@code Holders}) only; every
 * Spring type is the application's. Guide: docs/spring-boot.md.
 */
package com.playtcha.jakarta.spring;
