/**
 * Attaches the metrics of {@code telemetry} to the verifiers the integrations build, without
 * touching OpenTelemetry where its API is absent: not API, it may change in any release.
 *
 * <p>May import: {@code core}, {@code telemetry}'s public API and the OpenTelemetry API (provided
 * and optional: never in {@code OptionalMetrics}). {@code servlet} and {@code cdi} call
 * {@code OptionalMetrics}; nothing else of ours is imported.
 */
package com.playtcha.jakarta.internal.telemetry;
