package com.playtcha.jakarta.benchmarks;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Variant F's metrics: {@code GlobalOpenTelemetry} set, once per JVM, to the OpenTelemetry SDK's
 * meter provider with a periodic reader that collects every {@link #COLLECT_EVERY} (more often
 * than the SDK's default of a minute, so collection's cost shows) into an exporter that counts and
 * drops what it gets: everything a real set-up does in the JVM except the network. PlaytchaFilter
 * finds the global by itself at its first decision, as in an application with an agent or SDK.
 */
final class MetricsOn {

    static final Duration COLLECT_EVERY = Duration.ofSeconds(1);
    /** Names of the metrics exported so far (a handful). */
    private static final Set<String> EXPORTED = ConcurrentHashMap.newKeySet();
    /** {@code playtcha.decisions} at the last export, all verifiers and attributes together. */
    private static final AtomicLong DECISIONS = new AtomicLong();
    private static SdkMeterProvider meters;

    private MetricsOn() {
    }

    /** Sets the global once; later calls (another server in the same JVM) keep it. */
    static synchronized void installGlobal() {
        if (meters != null) {
            return;
        }
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .registerMetricReader(PeriodicMetricReader.builder(new Dropping()).setInterval(COLLECT_EVERY).build())
                .build();
        GlobalOpenTelemetry.set(new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return TracerProvider.noop();
            }

            @Override
            public MeterProvider getMeterProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        });
        meters = provider;
    }

    /** Collects and exports now; returns the names of every metric exported so far. */
    static synchronized Set<String> collectNow() {
        if (meters != null) {
            meters.forceFlush().join(10, TimeUnit.SECONDS);
        }
        return Set.copyOf(EXPORTED);
    }

    /** Collects and exports now; returns how many decisions were recorded so far, by every verifier. */
    static synchronized long decisionsNow() {
        collectNow();
        return DECISIONS.get();
    }

    private static final class Dropping implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            for (MetricData metric : metrics) {
                EXPORTED.add(metric.getName());
                if (metric.getName().equals("playtcha.decisions")) {
                    DECISIONS.set(metric.getLongSumData().getPoints().stream().mapToLong(p -> p.getValue()).sum());
                }
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
