package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.DecisionEvent.Kind;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the status API and the decision events add for metrics and health: the verify's duration,
 * the counts per kind, the last verdict and the local faults, on the real verifier against the
 * simulator.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class VerifierObservationTest {

    private final List<DecisionEvent> events = new CopyOnWriteArrayList<>();
    private final PlaytchaListener recorder = new PlaytchaListener() {
        @Override
        public void decided(DecisionEvent event) {
            events.add(event);
        }
    };

    private static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return TestSettings.against(sim).breakerEnabled(false);
    }

    private static VerificationResult decide(VerifyPath path, ComposedVerifier verifier, PlaytchaSettings settings, String token) {
        return decideFrom(path, verifier, settings, "203.0.113.7", token);
    }

    private static VerificationResult decideFrom(VerifyPath path, ComposedVerifier verifier, PlaytchaSettings settings, String client, String token) {
        return path.verify(verifier, token, client, "/signup", Policy.of(settings)).result();
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void decisionEvent_carriesTheDurationOfTheWholeVerify_measuredByTheVerifier(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).listeners(recorder).build()) {
            sim.injectOnce(Fault.delay(Duration.ofMillis(300)));
            decide(path, verifier, settings, sim.mintToken());
            decide(path, verifier, settings, null);

            Duration slow = events.get(0).duration();
            assertNotNull(slow);
            assertTrue(slow.compareTo(Duration.ofMillis(300)) >= 0, "at least the simulator's delay: " + slow);
            assertTrue(slow.compareTo(TestSettings.PATIENT) < 0, slow::toString);
            Duration local = events.get(1).duration();
            assertNotNull(local, "a local rejection is timed too");
            // Its own measurement, not the call before it: shorter than a verify that waited 300 ms for Playtcha
            // (a fixed bound would be a bet on how long a loaded machine leaves this thread unscheduled).
            assertTrue(local.compareTo(slow) < 0, () -> local + " vs " + slow);
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void theAnswerAndTheEvent_carryTheOneMeasurementOfTheCall_andWhatTheCallerPassed(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).listeners(recorder).build()) {
            Verification verified = path.verify(verifier, sim.mintToken(), "192.0.2.1", "/a");
            Verification missing = path.verify(verifier, null, "192.0.2.2", "/b");
            verifier.ask(sim.mintToken());

            assertEquals(2, events.size(), "one event per decision; asking decides nothing");
            assertEquals(List.of(verified.duration(), missing.duration()), events.stream().map(DecisionEvent::duration).toList());
            assertEquals(List.of("/a", "/b"), events.stream().map(DecisionEvent::path).toList());
            assertEquals(List.of("192.0.2.1", "192.0.2.2"), events.stream().map(DecisionEvent::remoteAddress).toList());
            assertEquals(List.of(verified.result(), missing.result()), events.stream().map(DecisionEvent::result).toList());
            assertEquals(List.of(verified.decision(), missing.decision()), events.stream().map(DecisionEvent::decision).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void status_countsEveryReportedDecisionByKind(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings open = settings(sim).build();
        PlaytchaSettings closed = settings(sim).failMode(FailMode.CLOSED).build();
        try (ComposedVerifier verifier = TestVerifiers.of(open).build()) {
            decide(path, verifier, open, sim.mintToken());
            decide(path, verifier, open, sim.mintToken());
            decide(path, verifier, open, "");
            sim.inject(Fault.serverError(500, "db_error"));
            decide(path, verifier, open, sim.mintToken());
            decide(path, verifier, closed, sim.mintToken());
            verifier.ask(sim.mintToken()); // Playtcha asked, nothing decided: not counted

            VerifierStatus status = verifier.status();
            assertEquals(2, status.decisions(Kind.VERIFIED));
            assertEquals(1, status.decisions(Kind.REJECTED));
            assertEquals(1, status.decisions(Kind.FAILED_OPEN));
            assertEquals(1, status.decisions(Kind.UNAVAILABLE));
            assertEquals(0, status.decisions(Kind.DEGRADED));
            assertEquals(Kind.values().length, status.decisions().size(), "every kind present");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void lastVerdict_isPlaytchasLastAnswerAboutAToken_notAConfigurationErrorNorAnOutage(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            decide(path, verifier, settings, null);
            sim.injectOnce(Fault.serverError(503, "maintenance"));
            decide(path, verifier, settings, sim.mintToken());
            sim.injectOnce(Fault.json(401, "{\"error\":{\"code\":\"bad_secret\",\"message\":\"no\"}}"));
            decide(path, verifier, settings, sim.mintToken());
            assertNull(verifier.status().lastVerdict(), "a local rejection, a 503 and bad_secret are no verdicts");

            Instant before = Instant.now().minusMillis(1);
            decide(path, verifier, settings, sim.mintExpiredToken());
            Instant verdict = verifier.status().lastVerdict();
            assertNotNull(verdict, "a rejection of the token is a verdict");
            assertFalse(verdict.isBefore(before));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void badSecret_isALocalFault_untilAVerdictShowsTheSecretWorks(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings wrong = settings(sim).secret(Scenario.WRONG_SECRET).build();
        try (ComposedVerifier verifier = TestVerifiers.of(wrong).build()) {
            assertNull(verifier.status().localFault());
            assertEquals("bad_secret", decide(path, verifier, wrong, sim.mintToken()).errorCode());
            assertNull(verifier.status().localFault(), "one client's answer may be a token of another project");
            decideFrom(path, verifier, wrong, "198.51.100.8", sim.mintToken());
            decideFrom(path, verifier, wrong, "192.0.2.9", sim.mintToken());

            LocalFault fault = verifier.status().localFault();
            assertEquals(LocalFault.BAD_SECRET, fault.code());
            assertTrue(fault.message().contains("playtcha.secret"), fault.message());
            assertFalse(fault.toString().contains(Scenario.WRONG_SECRET) || fault.toString().contains(sim.secret()));
            decide(path, verifier, wrong, sim.mintToken());
            assertEquals(fault.since(), verifier.status().localFault().since(), "the same fault, since its first answer");
        }
        PlaytchaSettings right = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(right).build()) {
            for (String client : List.of("203.0.113.7", "198.51.100.8", "192.0.2.9")) {
                sim.injectOnce(Fault.json(401, "{\"error\":{\"code\":\"bad_secret\",\"message\":\"no\"}}"));
                decideFrom(path, verifier, right, client, sim.mintToken());
            }
            assertEquals(LocalFault.BAD_SECRET, verifier.status().localFault().code());
            decide(path, verifier, right, sim.mintToken());
            assertNull(verifier.status().localFault(), "cleared by the next verdict");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void unknownProject_andAnApiUrlAnswering404WithoutTheEnvelope_areLocalFaults(VerifyPath path, PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).build()) {
            for (String client : List.of("203.0.113.7", "198.51.100.8", "192.0.2.9")) {
                sim.injectOnce(Fault.json(404, "{\"error\":{\"code\":\"unknown_project\",\"message\":\"no\"}}"));
                decideFrom(path, verifier, settings, client, sim.mintToken());
            }
            assertEquals(LocalFault.UNKNOWN_PROJECT, verifier.status().localFault().code());

            sim.injectOnce(Fault.html(404));
            decide(path, verifier, settings, sim.mintToken());
            LocalFault notFound = verifier.status().localFault();
            assertEquals(LocalFault.API_URL_NOT_FOUND, notFound.code());
            assertTrue(notFound.message().contains("playtcha.api-url"), notFound.message());

            sim.injectOnce(Fault.json(429, "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow\"}}"));
            decide(path, verifier, settings, sim.mintToken());
            assertEquals(LocalFault.API_URL_NOT_FOUND, verifier.status().localFault().code(), "a 429 proves nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aFullLedger_isALocalFault_untilReverificationMakesRoom(VerifyPath path, PlaytchaSimulator sim) throws Exception {
        CountDownLatch reconciled = new CountDownLatch(1);
        PlaytchaListener waiter = new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation reconciliation) {
                reconciled.countDown();
            }
        };
        PlaytchaSettings settings = settings(sim).ledgerCapacity(1).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).listeners(waiter).build()) {
            sim.inject(Fault.serverError(500, "db_error"));
            decide(path, verifier, settings, sim.mintToken());
            assertNull(verifier.status().localFault(), "one entry fits");
            decide(path, verifier, settings, sim.mintToken());
            assertEquals(LocalFault.LEDGER_FULL, verifier.status().localFault().code(), "the second found no room");

            sim.clearFaults();
            assertTrue(reconciled.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the ledger re-verified its entry");
            assertNull(verifier.status().localFault(), "room again: " + verifier.status());
        }
    }

    @Test
    void aLedgerStoreThatCannotWrite_isALocalFault_whileItFails() {
        Instant since = Instant.parse("2026-11-23T05:00:00Z");
        ManualLedgers.FailingStore store = new ManualLedgers.FailingStore();
        FailOpenLedger ledger = ManualLedgers.over(store, 10, token -> new VerificationResult.Verified(false, null),
                VerifierClock.SYSTEM);
        try {
            LocalFaults faults = new LocalFaults(VerifierClock.SYSTEM);
            assertNull(faults.current(ledger, 10));
            store.failing = since;
            LocalFault fault = faults.current(ledger, 10);
            assertEquals(LocalFault.LEDGER_UNWRITABLE, fault.code());
            assertEquals(since, fault.since());
            assertEquals("the test's store cannot write", fault.message(), "the store says what failed");
            store.failing = null;
            assertNull(faults.current(ledger, 10), "writes work again");
        } finally {
            ledger.close();
        }
    }
}
