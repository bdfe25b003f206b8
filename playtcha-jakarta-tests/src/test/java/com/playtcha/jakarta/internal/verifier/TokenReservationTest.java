package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.BreakerState;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One token carried by ten requests at once, while Playtcha hangs (or the breaker answers for it):
 * the token is reserved before it is posted, so at most one of them goes on, Playtcha sees the token
 * at most once, and the others are refused at once as replays ({@code already_redeemed}, decided
 * locally, {@code reject-status}). In both fail modes, with the breaker closed and open, and with the
 * ledger off, where the verifier keeps the let-through token itself.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class TokenReservationTest {

    private static final int REQUESTS = 10;

    /** One failure opens the breaker, and it stays open for the test; the short budget: Playtcha hangs in most. */
    private static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Scenario.TIMEOUT)
                .breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofMinutes(5), 1));
    }

    /** Ten requests from ten clients carrying {@code token}, released at once by one latch. */
    private static List<Verification> tenAtOnce(VerifyPath path, ComposedVerifier verifier, String token) throws Exception {
        ExecutorService requests = Executors.newFixedThreadPool(REQUESTS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Verification>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String client = "203.0.113." + (i + 1);
                answers.add(requests.submit(() -> {
                    go.await();
                    return path.verify(verifier, token, client, "/signup");
                }));
            }
            go.countDown();
            List<Verification> all = new ArrayList<>();
            for (Future<Verification> answer : answers) {
                all.add(answer.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return all;
        } finally {
            requests.shutdownNow();
        }
    }

    private static void openTheBreaker(VerifyPath path, ComposedVerifier verifier, PlaytchaSimulator sim) {
        sim.injectOnce(Fault.serverError(500, "db_error"));
        assertEquals("db_error", path.ask(verifier, sim.mintToken()).errorCode());
        assertEquals(BreakerState.OPEN, verifier.status().breaker());
    }

    private static List<Verification> proceeded(List<Verification> answers) {
        return answers.stream().filter(Verification::proceeds).toList();
    }

    /** A refused replay: Playtcha's code, but decided here (status 0), blocked with reject-status. */
    private static boolean refusedAsReplay(Verification v) {
        return v.result() instanceof VerificationResult.Rejected r && r.code().equals("already_redeemed")
                && r.httpStatus() == 0 && !v.proceeds() && v.decision().status() == 403 && v.ledgerEntry() == null;
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failOpen_breakerClosed_oneGoesOnRecorded_theNineAreReplays_andPlaytchaSeesTheTokenOnce(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).build()).build()) {
            sim.inject(Fault.hang());
            String token = sim.mintToken();

            List<Verification> answers = tenAtOnce(path, verifier, token);

            assertEquals(1, sim.callCount(token), "posted once, by the request that reserved it");
            List<Verification> on = proceeded(answers);
            assertEquals(1, on.size(), answers::toString);
            assertEquals(VerificationResult.TIMEOUT, on.get(0).result().errorCode());
            assertTrue(on.get(0).decision().failedOpen());
            assertNotNull(on.get(0).ledgerEntry(), "recorded before the reservation ended");
            assertEquals(REQUESTS - 1, answers.stream().filter(TokenReservationTest::refusedAsReplay).count(), answers::toString);

            sim.clearFaults();
            assertTrue(refusedAsReplay(path.verify(verifier, token, "198.51.100.1", "/signup")), "the ledger holds it now");
            assertEquals(1, sim.callCount(token));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failClosed_breakerClosed_noneGoesOn_andPlaytchaSeesTheTokenOnce(VerifyPath path, PlaytchaSimulator sim) throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).failMode(FailMode.CLOSED).build()).build()) {
            sim.inject(Fault.hang());
            String token = sim.mintToken();

            List<Verification> answers = tenAtOnce(path, verifier, token);

            assertEquals(1, sim.callCount(token));
            assertEquals(List.of(), proceeded(answers));
            List<Verification> blocked = answers.stream().filter(v -> v.decision().status() == 503).toList();
            assertEquals(1, blocked.size(), answers::toString);
            assertEquals(VerificationResult.TIMEOUT, blocked.get(0).result().errorCode());
            assertEquals(REQUESTS - 1, answers.stream().filter(TokenReservationTest::refusedAsReplay).count(), answers::toString);
            assertEquals(0, verifier.status().ledgerOpen(), "nothing went on, nothing to reconcile");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failOpen_breakerOpen_oneGoesOnRecorded_theNineAreReplays_andPlaytchaIsNotAsked(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).build()).build()) {
            openTheBreaker(path, verifier, sim);
            String token = sim.mintToken();

            List<Verification> answers = tenAtOnce(path, verifier, token);

            assertEquals(0, sim.callCount(token));
            List<Verification> on = proceeded(answers);
            assertEquals(1, on.size(), answers::toString);
            assertEquals(VerificationResult.CIRCUIT_OPEN, on.get(0).result().errorCode());
            assertNotNull(on.get(0).ledgerEntry());
            assertEquals(REQUESTS - 1, answers.stream().filter(TokenReservationTest::refusedAsReplay).count(), answers::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failClosed_breakerOpen_noneGoesOn_andPlaytchaIsNotAsked(VerifyPath path, PlaytchaSimulator sim) throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).failMode(FailMode.CLOSED).build()).build()) {
            openTheBreaker(path, verifier, sim);
            String token = sim.mintToken();

            List<Verification> answers = tenAtOnce(path, verifier, token);

            assertEquals(0, sim.callCount(token));
            assertEquals(List.of(), proceeded(answers));
            // The breaker answers at once, and a block releases the token: a request may find it free again.
            assertTrue(answers.stream().allMatch(v -> refusedAsReplay(v)
                    || v.decision().status() == 503 && VerificationResult.CIRCUIT_OPEN.equals(v.result().errorCode())),
                    answers::toString);
            assertTrue(answers.stream().anyMatch(v -> v.decision().status() == 503), answers::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void ledgerOff_oneGoesOn_andTheVerifierKeepsItsTokenItself_soItNeverGoesOnAgain(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).ledgerEnabled(false).build()).build()) {
            sim.inject(Fault.hang());
            String token = sim.mintToken();

            List<Verification> answers = tenAtOnce(path, verifier, token);

            assertEquals(1, sim.callCount(token));
            List<Verification> on = proceeded(answers);
            assertEquals(1, on.size(), answers::toString);
            assertTrue(on.get(0).decision().failedOpen());
            assertNull(on.get(0).ledgerEntry(), "no ledger");
            assertEquals(REQUESTS - 1, answers.stream().filter(TokenReservationTest::refusedAsReplay).count(), answers::toString);

            sim.clearFaults();
            assertTrue(refusedAsReplay(path.verify(verifier, token, "198.51.100.1", "/signup")), "kept for its lifetime");
            assertEquals(1, sim.callCount(token), "Playtcha back or not, the token is not posted again");
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aFullLedger_leavesTheTokenWithTheVerifier_too(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).breakerEnabled(false).ledgerCapacity(1).build()).build()) {
            sim.inject(Fault.serverError(503, "db_error"));
            assertNotNull(path.verify(verifier, sim.mintToken(), "198.51.100.1", "/signup").ledgerEntry(), "fills the ledger");
            String token = sim.mintToken();

            Verification unrecorded = path.verify(verifier, token, "198.51.100.2", "/signup");
            Verification replay = path.verify(verifier, token, "198.51.100.3", "/signup");

            assertTrue(unrecorded.proceeds() && unrecorded.decision().failedOpen(), unrecorded::toString);
            assertNull(unrecorded.ledgerEntry(), "the ledger is full");
            assertTrue(refusedAsReplay(replay), replay::toString);
            assertEquals(1, sim.callCount(token));
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void aVerdict_releasesTheToken_whileInFlightItIsRefused_andAfterwardsPlaytchaAnswers(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        try (ComposedVerifier verifier = TestVerifiers.of(settings(sim).timeout(TestSettings.PATIENT).build()).build()) {
            String token = sim.mintToken();
            // In flight long enough for all ten to meet it, on a loaded machine too; the budget never runs out.
            sim.inject(Fault.delay(Duration.ofSeconds(2)));

            List<Verification> answers = tenAtOnce(path, verifier, token);
            sim.clearFaults();
            Verification later = path.verify(verifier, token, "198.51.100.1", "/signup");

            List<Verification> on = proceeded(answers);
            assertEquals(1, on.size(), answers::toString);
            assertEquals("verified", on.get(0).result().outcome());
            assertEquals(REQUESTS - 1, answers.stream().filter(TokenReservationTest::refusedAsReplay).count(), answers::toString);
            VerificationResult.Rejected playtchas = (VerificationResult.Rejected) later.result();
            assertEquals("already_redeemed", playtchas.code());
            assertEquals(409, playtchas.httpStatus(), "released: asked, and Playtcha's own answer");
            assertFalse(later.proceeds());
            assertEquals(2, sim.callCount(token));
        }
    }
}
