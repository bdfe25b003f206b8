package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code metrics.enabled}: a filter's verifier records on {@code GlobalOpenTelemetry} where the API
 * is present, unless the setting is {@code false}; then nothing at all is recorded, as without the API.
 */
class MetricsSwitchTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void registerGlobal() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .buildAndRegisterGlobal();
    }

    @AfterEach
    void resetGlobal() {
        sdk.close();
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void byDefault_theFiltersVerifierRecordsOnTheGlobal() throws Exception {
        List<String> names = namesAfterOneVerifiedPost();

        assertTrue(names.contains("playtcha.decisions") && names.contains("playtcha.breaker.state"), names::toString);
    }

    @Test
    void metricsEnabledFalse_recordsNothing_thoughTheApiIsThere() throws Exception {
        List<String> names = namesAfterOneVerifiedPost("metrics.enabled", "false");

        assertEquals(List.of(), names);
    }

    /** Deploys the filter with {@code initParams} added, posts one valid token, and collects. */
    private List<String> namesAfterOneVerifiedPost(String... initParams) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (EmbeddedJetty jetty = EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("playtcha", EmbeddedJetty.settings(sim, initParams)), "/signup/*");
        })) {
            Reply verified = jetty.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
            assertEquals(200, verified.status(), verified::toString);

            return reader.collectAllMetrics().stream().map(MetricData::getName).filter(n -> n.startsWith("playtcha.")).sorted().toList();
        }
    }
}
