/**
 * OpenTelemetry metrics of a verifier: {@code PlaytchaMetrics} records decisions, verify durations and
 * reconciliations as a {@code PlaytchaListener}, and reads the breaker and the ledger from
 * {@code PlaytchaVerifier.status()} when the metrics are collected. The instruments are listed in
 * docs/observability.md. The filter and the CDI producer attach it through
 * {@code internal.telemetry}, which touches no OpenTelemetry class unless the API is on the class path.
 *
 * <p>May import: {@code core}; the OpenTelemetry API ({@code io.opentelemetry.api}), provided and optional.
 * Not {@code servlet}, {@code cdi} nor anything internal: the metrics see what any application sees.
 */
package com.playtcha.jakarta.telemetry;
