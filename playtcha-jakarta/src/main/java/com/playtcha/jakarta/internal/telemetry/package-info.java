/**
 * Attaches the metrics of {@code telemetry} to the verifiers the holders build ({@code spi.VerifierFactory.metrics}),
 * without touching OpenTelemetry where its API is absent: not API, it may change in any release.
 *
 * <p>May import: {@code core}; {@code telemetry}'s public API; {@code config}'s check for an optional API
 * in {@code OptionalMetrics}; the OpenTelemetry API ({@code io.opentelemetry.api}), provided and optional,
 * in {@code LazyGlobalMetrics}, which {@code OptionalMetrics} loads once it found the API. Nothing else of
 * ours.
 */
package com.playtcha.jakarta.internal.telemetry;

