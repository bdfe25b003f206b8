package com.playtcha.jakarta.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PlaytchaMetrics} on a real verifier against the simulator, read back with the SDK's
 * {@link InMemoryMetricReader}: every instruments' name, unit and attributes as docs/observability.md lists them.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class PlaytchaMetricsTest {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    private static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        // no row here waits for a timeout: a long one, so that a busy machine's slow verify is not one
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Duration.ofSeconds(10))
                .breaker(new PlaytchaSettings.Breaker(true, 2, Duration.ofMinutes(5), 1));
    }

    private static void decide(PlaytchaVerifier verifier, PlaytchaSettings settings, String token) {
        verifier.verify(token, "203.0.113.7", "/signup", Policy.of(settings));
    }

    private Map<String, MetricData> collect() {
        Collection<MetricData> all = reader.collectAllMetrics();
        all.forEach(m -> assertEquals(PlaytchaMetrics.SCOPE, m.getInstrumentationScopeInfo().getName()));
        return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
    }

    private static long sum(MetricData metric, Attributes attributes) {
        return metric.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .mapToLong(LongPointData::getValue).sum();
    }

    private static long gauge(MetricData metric, Attributes attributes) {
        return metric.getLongGaugeData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .mapToLong(LongPointData::getValue).findFirst().orElse(-1);
    }

    @Test
    void decisionsAndDurations_byKindCodeAndOutcome(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            PlaytchaMetrics.attach(verifier, otel);
            decide(verifier, settings, sim.mintToken());
            decide(verifier, settings, sim.mintToken());
            decide(verifier, settings, null);
            sim.injectOnce(Fault.serverError(500, "db_error"));
            decide(verifier, settings, sim.mintToken());

            Map<String, MetricData> metrics = collect();
            MetricData decisions = metrics.get("playtcha.decisions");
            assertEquals("{decision}", decisions.getUnit());
            assertTrue(decisions.getLongSumData().isMonotonic());
            AttributeKey<String> kind = DecisionMetricAttributes.KIND;
            AttributeKey<String> code = DecisionMetricAttributes.CODE;
            assertEquals(2, sum(decisions, Attributes.of(kind, "verified")));
            assertEquals(1, sum(decisions, Attributes.of(kind, "rejected", code, "missing_token")));
            assertEquals(1, sum(decisions, Attributes.of(kind, "failed_open", code, "db_error")));

            MetricData duration = metrics.get("playtcha.verify.duration");
            assertEquals("s", duration.getUnit());
            Map<String, HistogramPointData> byOutcome = duration.getHistogramData().getPoints().stream()
                    .collect(Collectors.toMap(p -> p.getAttributes().get(PlaytchaMetrics.OUTCOME), p -> p));
            assertEquals(2, byOutcome.get("verified").getCount());
            assertEquals(1, byOutcome.get("rejected").getCount());
            assertEquals(1, byOutcome.get("unavailable").getCount());
            assertTrue(byOutcome.get("verified").getSum() > 0 && byOutcome.get("verified").getSum() < 20, "in seconds: two verifies in their 10 s");
            assertEquals(PlaytchaMetrics.DURATION_BUCKETS, byOutcome.get("verified").getBoundaries());
        }
    }

    @Test
    void breakerStateAndTransitions_ledgerDepth_andLocalFault_areReadAtCollection(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            PlaytchaMetrics.attach(verifier, otel);
            Map<String, MetricData> before = collect();
            AttributeKey<String> state = PlaytchaMetrics.BREAKER_STATE;
            assertEquals(1, gauge(before.get("playtcha.breaker.state"), Attributes.of(state, "closed")));
            assertEquals(0, gauge(before.get("playtcha.breaker.state"), Attributes.of(state, "open")));
            assertEquals(10_000, before.get("playtcha.ledger.capacity").getLongSumData().getPoints().iterator().next().getValue());
            assertTrue(before.get("playtcha.local_fault") == null, "no fault, no point");

            sim.inject(Fault.serverError(503, "maintenance"));
            decide(verifier, settings, sim.mintToken());
            decide(verifier, settings, sim.mintToken());
            sim.clearFaults();
            sim.injectOnce(Fault.json(401, "{\"error\":{\"code\":\"bad_secret\",\"message\":\"no\"}}"));
            verifier.ask(sim.mintToken()); // the breaker is open: circuit_open, Playtcha not asked

            Map<String, MetricData> after = collect();
            assertEquals(1, gauge(after.get("playtcha.breaker.state"), Attributes.of(state, "open")));
            assertEquals(0, gauge(after.get("playtcha.breaker.state"), Attributes.of(state, "closed")));
            MetricData transitions = after.get("playtcha.breaker.transitions");
            assertEquals("{transition}", transitions.getUnit());
            Map<String, Long> entered = transitions.getLongSumData().getPoints().stream()
                    .collect(Collectors.toMap(p -> p.getAttributes().get(state), p -> p.getValue()));
            assertEquals(Map.of("open", 1L, "half_open", 0L, "closed", 0L), entered, "one transition: closed to open");
            MetricData open = after.get("playtcha.ledger.open");
            assertEquals("{entry}", open.getUnit());
            assertTrue(!open.getLongSumData().isMonotonic());
            assertEquals(2, open.getLongSumData().getPoints().iterator().next().getValue(), "both failed open");
        }
    }

    @Test
    void localFault_isAGaugeByCode(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).secret(Scenario.WRONG_SECRET).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            PlaytchaMetrics.attach(verifier, otel);
            for (String client : List.of("203.0.113.7", "198.51.100.8", "192.0.2.9")) { // raised by three clients
                verifier.verify(sim.mintToken(), client, "/signup", Policy.of(settings));
            }

            MetricData fault = collect().get("playtcha.local_fault");
            assertEquals(1, gauge(fault, Attributes.of(PlaytchaMetrics.FAULT, "bad_secret")));
        }
    }

    @Test
    void reconciliations_byOutcome(PlaytchaSimulator sim) throws Exception {
        CountDownLatch reconciled = new CountDownLatch(1);
        PlaytchaListener waiter = new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                reconciled.countDown();
            }
        };
        PlaytchaSettings settings = settings(sim).breakerEnabled(false).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            PlaytchaMetrics.attach(verifier, otel);
            verifier.addListener(waiter); // after the metrics': it hears each outcome after they counted it
            sim.injectOnce(Fault.serverError(500, "db_error"));
            decide(verifier, settings, sim.mintToken());
            assertTrue(reconciled.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));

            MetricData reconciliations = collect().get("playtcha.reconciliations");
            assertEquals("{entry}", reconciliations.getUnit());
            assertEquals(1, sum(reconciliations, Attributes.of(PlaytchaMetrics.RECONCILIATION_OUTCOME, "confirmed")));
        }
    }

    @Test
    void close_stopsRecording(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            PlaytchaMetrics metrics = PlaytchaMetrics.attach(verifier, otel);
            decide(verifier, settings, null);
            metrics.close();
            decide(verifier, settings, null);

            Map<String, MetricData> after = collect();
            assertEquals(1, sum(after.get("playtcha.decisions"), Attributes.of(DecisionMetricAttributes.KIND, "rejected",
                    DecisionMetricAttributes.CODE, "missing_token")));
            assertNull(after.get("playtcha.breaker.state"), "the status instruments are unregistered");
        }
    }

    @Test
    void codes_areBounded_soAnyServerCannotGrowTheSeriesWithoutEnd() {
        DecisionMetricAttributes attributes = new DecisionMetricAttributes();
        for (int i = 0; i < DecisionMetricAttributes.MAX_CODES; i++) {
            attributes.of(DecisionEvent.Kind.REJECTED, "code_" + i);
        }
        Attributes next = attributes.of(DecisionEvent.Kind.REJECTED, "one_more");
        assertEquals(DecisionMetricAttributes.OTHER, next.get(DecisionMetricAttributes.CODE));
        assertEquals("code_3", attributes.of(DecisionEvent.Kind.REJECTED, "code_3").get(DecisionMetricAttributes.CODE));
        assertTrue(attributes.of(DecisionEvent.Kind.REJECTED, "code_3") == attributes.of(DecisionEvent.Kind.REJECTED, "code_3"),
                "built once, reused");
    }
}
