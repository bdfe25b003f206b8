package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
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
