package com.playtcha.jakarta.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testing.SimulatedProject;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator faults {@code bad_secret} and {@code unknown_project} are raised only on evidence one
 * client cannot forge: that answer to three distinct clients (IPv4 addresses, IPv6 /48s) with no
 * verdict between, the fail-open ledger's re-verifications not counted. A client with a Playtcha project of its own gets {@code bad_secret} for each of
 * its tokens, from the simulator over loopback as from Playtcha; alone it raises nothing: no status
 * fault, no metric, no ERROR line; and readiness is UP throughout.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class OperatorFaultTest {

    private static final List<String> THREE_CLIENTS = List.of("203.0.113.7", "198.51.100.8", "2001:db8:1::5");

    @RegisterExtension
    final LogCapture capture = new LogCapture();

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    private PlaytchaVerifier verifier;
    private SimulatedProject attackers;

    @BeforeEach
    void verifier(PlaytchaSimulator sim) {
        PlaytchaSettings settings = TestSettings.against(sim).build();
        verifier = PlaytchaVerifier.create(settings);
        PlaytchaMetrics.attach(verifier, otel);
        attackers = sim.createProject("attackers-own");
    }

    @AfterEach
    void close() {
        verifier.close();
        otel.close();
    }

    private Verification foreignToken(PlaytchaSimulator sim, String client) {
        Verification v = verifier.verify(sim.mintToken(attackers), client, "/login");
        assertEquals("bad_secret", code(v.result()), "the simulator answers a token of another project so");
        return v;
    }

    @Test
    void oneClient_withTenTokensOfItsOwnProject_raisesNoFault(PlaytchaSimulator sim) {
        for (int i = 0; i < 10; i++) {
            foreignToken(sim, "203.0.113.7");
        }
        for (int i = 0; i < 10; i++) {
            foreignToken(sim, "2001:db8:77::" + (i + 1)); // a second client, whatever address of its /64 it takes
        }
        assertNoFault();
        assertTrue(capture.lines(Level.SEVERE).isEmpty(), capture::everything);
        List<String> warnings = capture.lines(Level.WARNING).stream().filter(l -> l.contains("code=bad_secret")).toList();
        assertEquals(1, warnings.size(), "said for what it is, once a minute: " + capture.everything());
        assertTrue(warnings.get(0).contains("another Playtcha project"), warnings::toString);
    }

    @Test
    void threeClients_raiseIt_inTheStatusTheMetricAndTheLog_readinessStaysUp(PlaytchaSimulator sim) {
        foreignToken(sim, THREE_CLIENTS.get(0));
        foreignToken(sim, THREE_CLIENTS.get(1));
        assertNoFault();
        foreignToken(sim, THREE_CLIENTS.get(2));

        assertFault(LocalFault.BAD_SECRET);
        List<String> errors = capture.lines(Level.SEVERE);
        assertEquals(1, errors.size(), capture::everything);
        assertTrue(errors.get(0).contains("code=bad_secret"), errors::toString);
    }

    @Test
    void unknownProject_followsTheSameRule(PlaytchaSimulator sim) {
        List<String> tokens = List.of(sim.mintToken(attackers), sim.mintToken(attackers), sim.mintToken(attackers),
                sim.mintToken(attackers));
        sim.deleteProject(attackers);
        assertEquals("unknown_project", code(verifier.verify(tokens.get(0), "203.0.113.7", "/login").result()));
        assertEquals("unknown_project", code(verifier.verify(tokens.get(1), "203.0.113.7", "/login").result()));
        assertNoFault();
        verifier.verify(tokens.get(2), "198.51.100.8", "/login");
        verifier.verify(tokens.get(3), "2001:db8:1::5", "/login");
        assertFault(LocalFault.UNKNOWN_PROJECT);
    }

    @Test
    void aVerdictBetween_startsTheCountAgain(PlaytchaSimulator sim) {
        foreignToken(sim, THREE_CLIENTS.get(0));
        foreignToken(sim, THREE_CLIENTS.get(1));
        assertEquals("verified", verifier.verify(sim.mintToken(), "192.0.2.44", "/login").result().outcome());
        foreignToken(sim, THREE_CLIENTS.get(2));
        foreignToken(sim, THREE_CLIENTS.get(0));
        assertNoFault();
        assertTrue(capture.lines(Level.SEVERE).isEmpty(), capture::everything);

        foreignToken(sim, THREE_CLIENTS.get(1));
        assertFault(LocalFault.BAD_SECRET);
    }

    @Test
    void aVerdict_clearsARaisedFault_andItsCount(PlaytchaSimulator sim) {
        THREE_CLIENTS.forEach(client -> foreignToken(sim, client));
        assertFault(LocalFault.BAD_SECRET);

        assertEquals("verified", verifier.verify(sim.mintToken(), "192.0.2.44", "/login").result().outcome());
        assertNoFault();
        foreignToken(sim, "192.0.2.99");
        assertNoFault();
    }

    @Test
    void callsWithoutAClientAddress_countAsOneClient(PlaytchaSimulator sim) {
        for (int i = 0; i < 3; i++) {
            assertEquals("bad_secret", code(verifier.ask(sim.mintToken(attackers))));
            foreignToken(sim, null);
        }
        assertNoFault();
        foreignToken(sim, THREE_CLIENTS.get(0));
        foreignToken(sim, THREE_CLIENTS.get(1));
        assertFault(LocalFault.BAD_SECRET);
    }

    @Test
    void threeAddressesInOneIpv6Slash48_areOneClient(PlaytchaSimulator sim) {
        // three /64s, two /56s: what one home or office network holds
        for (String client : List.of("2001:db8:4:1::5", "2001:db8:4:2::5", "2001:db8:4:300::5")) {
            foreignToken(sim, client);
        }
        assertNoFault();
        assertTrue(capture.lines(Level.SEVERE).isEmpty(), capture::everything);
    }

    /** Issue 49: three adjacent IPv4 addresses raised it; one /24 is one host, one NAT pool or one hosting customer. */
    @Test
    void threeAddressesInOneIpv4Slash24_areOneClient(PlaytchaSimulator sim) {
        for (String client : List.of("192.0.2.1", "192.0.2.2", "192.0.2.254")) {
            foreignToken(sim, client);
        }
        assertNoFault();
        foreignToken(sim, "192.0.3.1");
        foreignToken(sim, "198.51.100.1");
        assertFault(LocalFault.BAD_SECRET);
    }

    @Test
    void threeSlash48s_raiseIt(PlaytchaSimulator sim) {
        foreignToken(sim, "2001:db8:4::5");
        foreignToken(sim, "2001:db8:5::5");
        assertNoFault();
        foreignToken(sim, "2001:db8:6::5");
        assertFault(LocalFault.BAD_SECRET);
    }

    @Test
    void aDualStackHost_andTheLedgersReverificationOfItsToken_areTwoClients(PlaytchaSimulator sim)
            throws InterruptedException {
        String recorded = sim.mintToken(attackers);
        sim.injectOnce(Fault.serverError(500, "db_error")); // an outage: the host's token fails open into the ledger
        assertNotNull(verifier.verify(recorded, "203.0.113.7", "/login").ledgerEntry(), "failed open, recorded");
        // the ledger posts it again and again (bad_secret settles nothing); a third post means the
        // second one's answer has been noted
        assertTrue(sim.awaitCallCount(recorded, 3, TestSettings.WAIT), "re-verified by the ledger");
        foreignToken(sim, "203.0.113.7");
        foreignToken(sim, "2001:db8:4:1::5");
        assertNoFault();
        assertTrue(capture.lines(Level.SEVERE).isEmpty(), capture::everything);
    }

    private static String code(VerificationResult result) {
        return result instanceof VerificationResult.Rejected rejected ? rejected.code() : result.outcome();
    }

    private void assertNoFault() {
        assertNull(verifier.status().localFault(), () -> String.valueOf(verifier.status().localFault()));
        MetricData gauge = reader.collectAllMetrics().stream().filter(m -> m.getName().equals("playtcha.local_fault"))
                .findFirst().orElse(null);
        assertTrue(gauge == null || gauge.getLongGaugeData().getPoints().isEmpty(), () -> "no fault, no point: " + gauge);
        HealthCheckResponse readiness = PlaytchaReadinessCheck.report(verifier.status());
        assertEquals(HealthCheckResponse.Status.UP, readiness.getStatus());
        assertFalse(readiness.getData().orElseThrow().containsKey("fault"), readiness.getData()::toString);
    }

    private void assertFault(String code) {
        LocalFault fault = verifier.status().localFault();
        assertNotNull(fault, "raised");
        assertEquals(code, fault.code());
        assertTrue(fault.message().contains("3 or more client addresses"), fault.message());
        MetricData gauge = reader.collectAllMetrics().stream().filter(m -> m.getName().equals("playtcha.local_fault"))
                .findFirst().orElseThrow();
        assertEquals(1, gauge.getLongGaugeData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(AttributeKey.stringKey("playtcha.fault"), code))).count());
        HealthCheckResponse readiness = PlaytchaReadinessCheck.report(verifier.status());
        assertEquals(HealthCheckResponse.Status.UP, readiness.getStatus(), "a fault is shown, never acted on");
        assertEquals(code, readiness.getData().orElseThrow().get("fault"));
    }
}
