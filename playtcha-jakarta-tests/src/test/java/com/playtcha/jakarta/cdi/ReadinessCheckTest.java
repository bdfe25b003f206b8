package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.health.PlaytchaHealthExtension;
import com.playtcha.jakarta.health.PlaytchaReadinessCheck;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness check and the metrics in a CDI application: the library's extension registers the
 * check, SmallRye Health reports it, and the producer's verifier records on the application's
 * {@code OpenTelemetry} bean.
 */
@EnableWeld
class ReadinessCheckTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.breaker.enabled", "false");

    /** What MicroProfile Telemetry gives an application: an {@code OpenTelemetry} bean, here with an in-memory reader. */
    @ApplicationScoped
    static class Telemetry {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();

        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                    .build();
        }

        Map<String, MetricData> collect() {
            return reader.collectAllMetrics().stream().collect(Collectors.toMap(MetricData::getName, m -> m));
        }
    }

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, SmallRyeHealthReporter.class, io.smallrye.health.AsyncHealthCheckFactory.class,
                    io.smallrye.health.registry.HealthRegistries.class, Telemetry.class)
            .addExtension(new PlaytchaHealthExtension())).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    Telemetry telemetry;

    private JsonObject check() {
        SmallRyeHealth readiness = health.getReadiness();
        return readiness.getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> PlaytchaReadinessCheck.NAME.equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no playtcha check in " + readiness.getPayload()));
    }

    private void decide(String token) {
        verifier.verify(token, "203.0.113.9", "/signup");
    }

    @Test
    void upWhileWorking_whileFailingOpen_andAfterBadSecret_withTheFaultInTheData_untilAVerdict() {
        decide(sim.mintToken());
        JsonObject up = check();
        assertEquals("UP", up.getString("status"), up::toString);
        assertEquals("off", up.getJsonObject("data").getString("breaker"));
        assertNotNull(up.getJsonObject("data").getString("lastVerdict"));

        sim.injectOnce(Fault.serverError(503, "maintenance"));
        decide(sim.mintToken());
        JsonObject failingOpen = check();
        assertEquals("UP", failingOpen.getString("status"), "failing open is what the library is for: " + failingOpen);
        assertEquals(1, failingOpen.getJsonObject("data").getInt("failedOpen"));

        for (String client : List.of("203.0.113.9", "198.51.100.8", "192.0.2.9")) { // raised by three clients
            sim.injectOnce(Fault.json(401, "{\"error\":{\"code\":\"bad_secret\",\"message\":\"The secret does not match\"}}"));
            verifier.verify(sim.mintToken(), client, "/signup");
        }
        JsonObject suspicion = check();
        assertEquals("UP", suspicion.getString("status"), "answers about tokens move no replica out of rotation: "
                + suspicion);
        assertEquals("bad_secret", suspicion.getJsonObject("data").getString("fault"));
        assertNotNull(suspicion.getJsonObject("data").getString("faultSince"));
        assertTrue(suspicion.getJsonObject("data").getString("faultMessage").contains("playtcha.secret"));
        assertFalse(health.getReadiness().getPayload().toString().contains(sim.secret()), "never the secret");

        decide(sim.mintToken());
        JsonObject verdict = check();
        assertEquals("UP", verdict.getString("status"));
        assertFalse(verdict.getJsonObject("data").containsKey("fault"), "a verdict shows the secret works: " + verdict);
    }

    @Test
    void metrics_goToTheApplicationsOpenTelemetryBean() {
        decide(sim.mintToken());
        decide(null);

        Map<String, MetricData> metrics = telemetry.collect();
        MetricData decisions = metrics.get("playtcha.decisions");
        assertNotNull(decisions, metrics::toString);
        assertEquals(2, decisions.getLongSumData().getPoints().stream().mapToLong(p -> p.getValue()).sum());
        assertNotNull(metrics.get("playtcha.verify.duration"));
        assertNotNull(metrics.get("playtcha.ledger.open"));
    }
}
