package com.playtcha.jakarta.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the filter does for a verifier it builds: {@link OptionalMetrics#attach} with no
 * {@code OpenTelemetry} records on {@code GlobalOpenTelemetry}, looked up at the first decision, so an
 * application that sets the global after the filter started still gets the metrics (and its
 * {@code set} does not throw).
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class OptionalMetricsTest {

    /** Before too: the filter tests in this JVM record on the global, which fixes it to the no-op. */
    @BeforeEach
    @AfterEach
    void resetGlobal() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void global_isLookedUpAtTheFirstDecision_notWhenAttached(PlaytchaSimulator sim) {
        PlaytchaSettings settings = TestSettings.against(sim).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            Runnable stop = OptionalMetrics.attach(verifier, () -> null);
            assertNotNull(stop, "the API is on this class path");

            InMemoryMetricReader reader = InMemoryMetricReader.create();
            try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).buildAndRegisterGlobal()) {
                String token = sim.mintToken();
                verifier.verify(token, "192.0.2.7", "/signup", Policy.of(settings));

                MetricData decisions = reader.collectAllMetrics().stream()
                        .filter(m -> m.getName().equals("playtcha.decisions")).findFirst().orElseThrow();
                assertEquals(1, decisions.getLongSumData().getPoints().iterator().next().getValue());

                stop.run();
                verifier.verify("x", "192.0.2.7", "/signup", Policy.of(settings));
                assertTrue(reader.collectAllMetrics().stream().noneMatch(m -> m.getName().equals("playtcha.ledger.open")),
                        "stopped: the status instruments are gone");
            }
        }
    }
}
