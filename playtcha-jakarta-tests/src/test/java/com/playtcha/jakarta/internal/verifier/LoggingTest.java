package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the verifier logs, at which level, and that the secret is never part of it. */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LoggingTest {

    /** Requests that each would have written a line of their own. */
    private static final int FLOOD = 50;

    @RegisterExtension
    final LogCapture capture = new LogCapture();

    private static PlaytchaVerifier verifier(PlaytchaSimulator sim, String secret) {
        return PlaytchaVerifier.create(PlaytchaSettings.builder(secret).apiUrl(sim.url())
                .timeout(TestSettings.PATIENT).build());
    }

    @Test
    void secret_appearsInNoLogLine_toStringOrMessage_acrossEveryRowOfTheTable(PlaytchaSimulator sim) {
        List<String> texts = new ArrayList<>();
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            texts.add(verifier.toString());
            for (Scenario row : Scenario.all()) {
                sim.reset();
                VerificationResult result = verifier.ask(row.arrange().apply(sim));
                texts.add(result.toString());
                texts.add(Decision.of(result, FailMode.CLOSED, Mode.ENFORCE, 403).toString());
            }
            texts.add(PlaytchaSettings.builder(sim.secret()).build().toString());
        }
        sim.reset();
        try (PlaytchaVerifier wrong = verifier(sim, Scenario.WRONG_SECRET)) {
            texts.add(wrong.ask(sim.mintToken()).toString());
        }
        texts.add(capture.everything());

        for (String text : texts) {
            assertFalse(text.contains(sim.secret()), () -> "secret in: " + text);
            assertFalse(text.contains(Scenario.WRONG_SECRET), () -> "secret in: " + text);
        }
        assertTrue(capture.records.size() > Scenario.all().size(), "the scan read log lines: " + capture.records.size());
    }

    @Test
    void alreadyRedeemed_isWarned_withTheRequestId(PlaytchaSimulator sim) {
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            VerificationResult result = verifier.ask(sim.mintRedeemedToken());

            assertTrue(capture.lines(Level.WARNING).stream()
                    .anyMatch(l -> l.contains("already redeemed") && l.contains("request_id=" + result.requestId())),
                    () -> capture.everything());
        }
    }

    /**
     * Any client can replay a token: 50 replays write one WARNING (with the first one's request_id), the other 49 at
     * DEBUG, and the next line, a period later, counts the 50 it stands for. The verifier's clock stands still until
     * moved.
     */
    @Test
    void alreadyRedeemed_isWarnedOncePer10Seconds_withTheCount_notPerRequest(PlaytchaSimulator sim) {
        StoppedClock clock = new StoppedClock();
        try (PlaytchaVerifier verifier = TestVerifiers.of(TestSettings.against(sim).build()).clock(clock).build()) {
            List<VerificationResult> results = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                results.add(verifier.ask(sim.mintRedeemedToken()));
            }
            List<String> warnings = lines(Level.WARNING, "already redeemed");
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("request_id=" + results.get(0).requestId() + ", count=1]"), warnings::toString);
            assertEquals(FLOOD - 1, debug("already_redeemed").size(), () -> capture.everything());

            clock.advance(Duration.ofSeconds(9));
            verifier.ask(sim.mintRedeemedToken());
            assertEquals(1, lines(Level.WARNING, "already redeemed").size(), "within the 10 s");

            clock.advance(Duration.ofSeconds(1));
            VerificationResult next = verifier.ask(sim.mintRedeemedToken());
            warnings = lines(Level.WARNING, "already redeemed");
            assertEquals(2, warnings.size(), warnings::toString);
            assertTrue(warnings.get(1).contains("request_id=" + next.requestId() + ", count=" + (FLOOD + 1) + "]"),
                    warnings::toString);
        }
    }

    /**
     * A token let through once without a verdict (Playtcha down, failing open) and then replayed by a client, 50
     * times from 50 addresses: refused here each time, and one WARNING says so, the rest at DEBUG, counted in the next.
     */
    @Test
    void replayRefusedHere_isWarnedOncePer10Seconds_withTheCount_notPerRequest(PlaytchaSimulator sim) {
        StoppedClock clock = new StoppedClock();
        PlaytchaSettings settings = TestSettings.against(sim).breakerEnabled(false).clientBudgetEnabled(false).build();
        try (PlaytchaVerifier verifier = TestVerifiers.of(settings).clock(clock).build()) {
            sim.inject(Fault.serverError(503, "db_error"));
            String token = sim.mintToken();
            assertTrue(verifier.verify(token, "198.51.100.1", "/signup").decision().failedOpen(), "let through, held");
            for (int i = 0; i < FLOOD; i++) {
                Verification replay = verifier.verify(token, "203.0.113." + (i + 2), "/signup");
                assertEquals(VerificationResult.ALREADY_REDEEMED, replay.result().errorCode(), replay::toString);
            }
            assertEquals(1, sim.callCount(token), "each replay refused here, none posted");
            List<String> warnings = lines(Level.WARNING, "refused here as a replay");
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("count=1]"), warnings::toString);
            assertEquals(FLOOD - 1, debug("already_redeemed").size(), () -> capture.everything());

            clock.advance(Duration.ofSeconds(10));
            verifier.verify(token, "192.0.2.1", "/signup");
            warnings = lines(Level.WARNING, "refused here as a replay");
            assertEquals(2, warnings.size(), warnings::toString);
            assertTrue(warnings.get(1).contains("count=" + FLOOD + "]"), warnings::toString);
        }
    }

    @Test
    void badSecretAndUnknownProject_areConfigurationErrors(PlaytchaSimulator sim) {
        List<String> clients = List.of("203.0.113.7", "198.51.100.8", "192.0.2.9"); // raised by three (OperatorFaultTest)
        try (PlaytchaVerifier wrong = verifier(sim, Scenario.WRONG_SECRET)) {
            clients.forEach(client -> wrong.verify(sim.mintToken(), client, "/signup"));
        }
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            List<String> tokens = List.of(sim.mintToken(), sim.mintToken(), sim.mintToken());
            sim.deleteProject(sim.defaultProject());
            for (int i = 0; i < clients.size(); i++) {
                verifier.verify(tokens.get(i), clients.get(i), "/signup");
            }
        }

        List<String> errors = capture.lines(Level.SEVERE);
        assertTrue(errors.stream().anyMatch(l -> l.contains("configuration error") && l.contains("code=bad_secret")), errors::toString);
        assertTrue(errors.stream().anyMatch(l -> l.contains("code=unknown_project")), errors::toString);
    }

    @Test
    void a404ThatIsNotPlaytchas_isAConfigurationError_pointingAtTheApiUrl(PlaytchaSimulator sim) {
        // A base URL with a path Playtcha does not serve: the simulator answers its own 404.
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret())
                .apiUrl(java.net.URI.create(sim.url() + "/api")).timeout(TestSettings.PATIENT).build())) {
            verifier.ask(sim.mintToken());
        }
        sim.injectOnce(Fault.html(404));
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            verifier.ask(sim.mintToken());
        }

        List<String> errors = capture.lines(Level.SEVERE);
        assertEquals(2, errors.stream().filter(l -> l.contains("playtcha.api-url") && l.contains("/v1/verify")).count(),
                errors::toString);
        assertTrue(errors.stream().anyMatch(l -> l.contains("code=http_404")), errors::toString);
        // MessageFormat drops a lone apostrophe (and what it quotes): the text must read as written.
        assertTrue(errors.stream().anyMatch(l -> l.contains("without Playtcha's unknown_project envelope")), errors::toString);
    }

    @Test
    void clientOverBudget_isWarnedOnce_withTheAddress_notPerRequest(PlaytchaSimulator sim) {
        // A clock that stands still: on a loaded machine the loop can outlast the 500 ms in which the budget earns one back.
        try (PlaytchaVerifier verifier = TestVerifiers.of(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(TestSettings.PATIENT).clientBudgetBurst(2).build()).clock(new StoppedClock()).build()) {
            for (int i = 0; i < 50; i++) {
                verifier.verify("ptk_junk_" + i, "203.0.113.7", "/signup");
            }
        }

        List<String> warnings = capture.lines(Level.WARNING).stream().filter(l -> l.contains("client_rate_limited")).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("count=1, address=203.0.113.7") && warnings.get(0).contains("proxy"),
                warnings::toString);
        assertEquals(47, capture.lines(Level.FINE).stream().filter(l -> l.contains("client over its budget")).count());
    }

    @Test
    void overloaded_isWarnedOnce_notPerRequest(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.delay(java.time.Duration.ofMillis(400)));
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(java.time.Duration.ofSeconds(2)).maxConnections(1).leaseTimeout(java.time.Duration.ofMillis(50)).build();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            List<java.util.concurrent.Future<VerificationResult>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String token = sim.mintToken();
                done.add(callers.submit(() -> verifier.ask(token)));
            }
            long overloaded = 0;
            for (java.util.concurrent.Future<VerificationResult> f : done) {
                overloaded += "overloaded".equals(f.get(TestSettings.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).errorCode()) ? 1 : 0;
            }
            assertTrue(overloaded >= 2, "callers that found the one connection busy: " + overloaded);
        } finally {
            callers.shutdownNow();
        }

        List<String> warnings = capture.lines(Level.WARNING);
        assertEquals(1, warnings.stream().filter(l -> l.contains("every pooled connection was busy")).count(),
                warnings::toString);
    }

    @Test
    void tokenInvalid_carriesTheLiveVersusTestHint(PlaytchaSimulator sim) {
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            verifier.ask("ptk_from_the_other_environment");
        }

        assertTrue(capture.lines(Level.INFO).stream().anyMatch(l -> l.contains("live vs test")), () -> capture.everything());
    }

    /** Any string a client sends as a token reaches Playtcha and gets token_invalid: 50 of them write one INFO line. */
    @Test
    void tokenInvalid_isLoggedOncePer10Seconds_withTheCount_notPerRequest(PlaytchaSimulator sim) {
        StoppedClock clock = new StoppedClock();
        try (PlaytchaVerifier verifier = TestVerifiers.of(TestSettings.against(sim).build()).clock(clock).build()) {
            for (int i = 0; i < FLOOD; i++) {
                verifier.ask("ptk_junk_" + i);
            }
            List<String> info = lines(Level.INFO, "live vs test");
            assertEquals(1, info.size(), info::toString);
            assertTrue(info.get(0).contains("code=token_invalid") && info.get(0).contains("count=1]"), info::toString);
            assertEquals(FLOOD - 1, debug("token_invalid").size(), () -> capture.everything());

            clock.advance(Duration.ofSeconds(10));
            verifier.ask("ptk_junk_next");
            info = lines(Level.INFO, "live vs test");
            assertEquals(2, info.size(), info::toString);
            assertTrue(info.get(1).contains("count=" + FLOOD + "]"), info::toString);
        }
    }

    /** The DEBUG lines of {@code code} that a line at most once per 10 s left out. */
    private List<String> debug(String code) {
        return lines(Level.FINE, "at most once per 10 s [code=" + code + ",");
    }

    private List<String> lines(Level level, String containing) {
        return capture.lines(level).stream().filter(l -> l.contains(containing)).toList();
    }

    @Test
    void degraded_isLoggedAsQuotaState_oncePerChange_notAsAFailure(PlaytchaSimulator sim) {
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            sim.degradedAfter(0);
            verifier.ask(sim.mintToken());
            verifier.ask(sim.mintToken());
            sim.degradedAfter(-1);
            verifier.ask(sim.mintToken());
        }

        List<String> info = capture.lines(Level.INFO);
        assertTrue(info.stream().filter(l -> l.contains("degraded band: verifications still succeed")).count() == 1, info::toString);
        assertTrue(info.stream().anyMatch(l -> l.contains("left its degraded band")), info::toString);
        assertTrue(capture.lines(Level.WARNING).isEmpty(), () -> "degraded is no failure: " + capture.lines(Level.WARNING));
        assertTrue(capture.lines(Level.SEVERE).isEmpty());
    }

    @Test
    void unavailable_isWarned_withPlaytchasEnvelope(PlaytchaSimulator sim) {
        sim.injectOnce(Fault.serverError(500, "db_error"));
        try (PlaytchaVerifier verifier = verifier(sim, sim.secret())) {
            verifier.ask(sim.mintToken());
        }

        assertTrue(capture.lines(Level.WARNING).stream()
                .anyMatch(l -> l.contains("unavailable") && l.contains("code=db_error") && l.contains("status=500")
                        && l.contains("request_id=req_") && l.contains("message=Simulated failure")),
                () -> capture.everything());
    }
}
