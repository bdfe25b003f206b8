/**
 * Attaches the metrics of {@code telemetry} to the verifiers the integrations build, without
 * touching OpenTelemetry where its API is absent: not API, it may change in any release.
 * {@code OptionalMetrics} (which names no OpenTelemetry type) checks that the API is on the class path
 * and only then loads {@code LazyGlobalMetrics}, which records on the application's
 * {@code OpenTelemetry} or on {@code GlobalOpenTelemetry} looked up at the first decision.
 *
 * <p>May import: {@code core}, {@code telemetry}'s public API and the OpenTelemetry API (provided
 * and optional: never in {@code OptionalMetrics}). {@code servlet} and {@code cdi} call
 * {@code OptionalMetrics}; nothing else of ours is imported.
 */
package com.playtcha.jakarta.internal.telemetry;
