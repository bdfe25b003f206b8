/**
 * Attaches the metrics of {@code telemetry} to the verifiers the holders build ({@code spi.VerifierFactory.metrics}),
 * without touching OpenTelemetry where its API is absent: not API, it may change in any release.
 *
 * <p>May import: {@code core}, {@code telemetry}'s public API, {@code config}'s check for an optional API,
 * and the OpenTelemetry API (provided and optional: never in {@code OptionalMetrics}); nothing else of ours.
 */
package com.playtcha.jakarta.internal.telemetry;

