/**
 * The MicroProfile Health readiness check of CDI applications: {@code PlaytchaReadinessCheck}
 * reports the application's {@code PlaytchaVerifier}, and {@code PlaytchaHealthExtension} registers
 * it as a bean when the Health API is present and {@code playtcha.health.enabled} is not {@code false}.
 *
 * <p>May import: {@code core}; {@code config}; the CDI API ({@code jakarta.enterprise},
 * {@code jakarta.inject}); the MicroProfile Health API ({@code org.eclipse.microprofile.health}), provided
 * and optional, in {@code PlaytchaReadinessCheck} alone. Not {@code servlet}, {@code cdi},
 * {@code telemetry}, {@code spi}, nor anything internal.
 */
package com.playtcha.jakarta.health;
