/**
 * The MicroProfile Health readiness check of CDI applications: {@code PlaytchaReadinessCheck}
 * reports the application's {@code PlaytchaVerifier}, and {@code PlaytchaHealthExtension} registers
 * it as a bean when the Health API is present and {@code playtcha.health.enabled} is not {@code false}.
 *
 * <p>May import: {@code core}, {@code config}, the CDI API and the MicroProfile Health API (provided and
 * optional: only {@code PlaytchaReadinessCheck} names it). Not {@code servlet}, {@code cdi},
 * {@code telemetry}, {@code spi}, nor anything internal.
 */
package com.playtcha.jakarta.health;
