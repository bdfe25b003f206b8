/**
 * OpenTelemetry metrics of a verifier: {@code PlaytchaMetrics} records decisions, verify durations and
 * reconciliations as a {@code PlaytchaListener}, and reads the breaker and the ledger from
 * {@code PlaytchaVerifier.status()} when the metrics are collected; {@code OptionalMetrics} attaches it
 * without touching an OpenTelemetry class unless the API is on the class path. The instruments are
 * listed in docs/observability.md.
 *
 * <p>May import: {@code core} and the OpenTelemetry API ({@code io.opentelemetry.api}, provided and
 * optional: only {@code PlaytchaMetrics} and {@code LazyGlobalMetrics} name it). Not {@code config},
 * {@code servlet}, {@code cdi} nor anything internal: the metrics see what any application sees.
 */
package com.playtcha.jakarta.telemetry;
