/**
 * The Jakarta Security integration: {@code @PlaytchaLogin} on the application's own
 * {@code HttpAuthenticationMechanism} guards its logins with Playtcha. {@code PlaytchaLoginInterceptor}
 * decides a login attempt (through the SPI's web side, as the web filters do) and refuses
 * it without calling the mechanism; the identity store checks it cannot see from there reach it through
 * {@code StoreGuard}, from the store decorators and the wrapped store producers ({@code GuardedProducer});
 * {@code PlaytchaSecurityExtension} registers the interceptor only
 * where the Jakarta Security API is present, and checks the annotation's paths at start-up;
 * {@code PlaytchaSecurityLiteExtension} fails the build (Quarkus) or start (another CDI Lite container) of
 * an application that has a class with the annotation, where nothing would guard it.
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code spi.login}; {@code spi.web}; {@code spi.servlet}
 * ({@code ServletLoginAnswer}, which tells a login's answer on the wire as every door does, {@code ServletRejection},
 * which writes a refusal as the servlet filter writes a rejection); {@code spi.door} ({@code LoginPost}, which
 * decodes the paths as the login-post rule does, and the header names of {@code LoginProtocol}); the CDI and
 * Interceptors APIs ({@code jakarta.enterprise}, {@code jakarta.inject}, {@code jakarta.interceptor},
 * {@code jakarta.decorator}, {@code jakarta.annotation}); the Servlet API ({@code jakarta.servlet}); the
 * Jakarta Security API ({@code jakarta.security.enterprise}), provided and optional:
 * {@code PlaytchaSecurityExtension} adds the beans that name it once it found it. Not {@code servlet},
 * {@code cdi}, {@code rest}, {@code health}, {@code telemetry}, {@code config}, nor anything internal.
 */
package com.playtcha.jakarta.security;
