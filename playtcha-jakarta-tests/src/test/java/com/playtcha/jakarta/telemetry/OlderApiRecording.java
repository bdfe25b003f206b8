package com.playtcha.jakarta.telemetry;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One verify recorded by {@link PlaytchaMetrics} on an in-memory SDK, reported in JDK types only:
 * {@link OlderOpenTelemetryTest} loads this class, the library and OpenTelemetry in a class loader
 * of their own, with an older API, and reads the report from outside. Takes the simulator's URL, its
 * secret and a token; calls only what the older API and SDK also have.
 */
public class OlderApiRecording implements Function<List<String>, Map<String, Object>> {

    @Override
    public Map<String, Object> apply(List<String> simulator) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
        PlaytchaSettings settings = PlaytchaSettings.builder(simulator.get(1)).apiUrl(URI.create(simulator.get(0))).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
                PlaytchaMetrics metrics = PlaytchaMetrics.attach(verifier, withMeters(meters))) {
            Verification verification = verifier.verify(simulator.get(2), "192.0.2.7", "/signup");
            Collection<MetricData> collected = reader.collectAllMetrics();
            HistogramPointData duration = collected.stream().filter(m -> m.getName().equals("playtcha.verify.duration"))
                    .findFirst().orElseThrow().getHistogramData().getPoints().iterator().next();
            long decisions = collected.stream().filter(m -> m.getName().equals("playtcha.decisions"))
                    .findFirst().orElseThrow().getLongSumData().getPoints().iterator().next().getValue();
            return Map.of("api", OpenTelemetry.class.getProtectionDomain().getCodeSource().getLocation().toString(),
                    "advice", PlaytchaMetrics.BUCKET_ADVICE,
                    "proceeds", verification.proceeds(),
                    "decisions", decisions,
                    "durations", duration.getCount(),
                    "boundaries", List.copyOf(duration.getBoundaries()),
                    "instruments", collected.stream().map(MetricData::getName).sorted().toList());
        } finally {
            meters.close();
        }
    }

    /** An {@code OpenTelemetry} with these meters, written out: the SDK's own needs jars this test does not load. */
    private static OpenTelemetry withMeters(MeterProvider meters) {
        return new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return TracerProvider.noop();
            }

            @Override
            public MeterProvider getMeterProvider() {
                return meters;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        };
    }
}
