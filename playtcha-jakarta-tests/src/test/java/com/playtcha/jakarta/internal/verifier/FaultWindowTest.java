package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults inferred from Playtcha's answers are suspicions: shown while the last such answer is
 * younger than five minutes, gone without one, and logged at most once a minute per fault; so is a
 * listener of the application that fails on every decision. Time is the verifier's one clock, a
 * fake that the test moves (every part reads it, the ledger too); the answers are the simulator's,
 * over loopback.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class FaultWindowTest {

    /** The documented window; written out, not read from the code, so that a change to it is a change here too. */
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration LOG_PERIOD = Duration.ofMinutes(1);
    /** Three clients: what raises bad_secret and unknown_project. */
    private static final List<String> CLIENTS = List.of("203.0.113.7", "198.51.100.8", "2001:db8:1::5");

    @RegisterExtension
    final LogCapture capture = new LogCapture();

    private final StoppedClock clock = new StoppedClock();

    private void advance(Duration by) {
        clock.advance(by);
    }

    private ComposedVerifier verifier(PlaytchaSettings settings) {
        return TestVerifiers.of(settings).clock(clock).build();
    }

    private static PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return TestSettings.against(sim).breakerEnabled(false);
    }

    private static Fault answering(String code) {
        return switch (code) {
            case LocalFault.BAD_SECRET -> Fault.json(401, "{\"error\":{\"code\":\"bad_secret\",\"message\":\"no\"}}");
            case LocalFault.UNKNOWN_PROJECT -> Fault.json(404, "{\"error\":{\"code\":\"unknown_project\",\"message\":\"no\"}}");
            default -> Fault.html(404);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {LocalFault.BAD_SECRET, LocalFault.UNKNOWN_PROJECT, LocalFault.API_URL_NOT_FOUND})
    void aFaultInferredFromAnAnswer_decaysWithoutTraffic(String code, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim).build())) {
            for (String client : CLIENTS) {
                sim.injectOnce(answering(code));
                verifier.verify(sim.mintToken(), client, "/signup");
            }
            LocalFault first = verifier.status().localFault();
            assertEquals(code, first.code());

            advance(WINDOW.minusSeconds(1));
            assertNotNull(verifier.status().localFault(), "still young enough to show");
            sim.injectOnce(answering(code));
            verifier.ask(sim.mintToken()); // once raised, any client's answer keeps it shown until a verdict
            assertEquals(first.since(), verifier.status().localFault().since(), "the same run, since its first answer");

            advance(WINDOW.minusSeconds(1));
            assertEquals(code, verifier.status().localFault().code(), "the window counts from the last such answer");
            advance(Duration.ofSeconds(1));
            assertNull(verifier.status().localFault(), "no such answer for the whole window: gone, no verdict needed");
        }
    }

    @Test
    void aFullLedger_showsWhileRequestsFindItFull_notAfterTheWindow(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).ledgerCapacity(1).build();
        // On the one clock the entry's token expires with the window; the ledger's passes wait behind a
        // task that holds their executor's one thread, so the entry stays and the window alone is seen.
        ScheduledExecutorService held = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch release = new CountDownLatch(1);
        held.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (ComposedVerifier verifier = TestVerifiers.of(settings).clock(clock).ledgerExecutor(held).build()) {
            sim.inject(Fault.serverError(503, "maintenance"));
            for (int i = 0; i < 2; i++) {
                String token = sim.mintToken();
                verifier.verify(token, "203.0.113.7", "/signup");
            }
            assertEquals(LocalFault.LEDGER_FULL, verifier.status().localFault().code());

            advance(WINDOW);
            assertEquals(1, verifier.status().ledgerOpen(), "still full: Playtcha is still down");
            assertNull(verifier.status().localFault(), "but nothing was turned away for the whole window");
        } finally {
            release.countDown();
            held.shutdownNow();
        }
    }

    @Test
    void configurationErrors_areLoggedOncePerMinutePerFault_withTheCountOfTheLinesLeftOut(PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim).build())) {
            sim.inject(answering(LocalFault.BAD_SECRET));
            for (int i = 0; i < 7; i++) { // the first two are a WARNING (OperatorFaultTest); the third raises it
                verifier.verify(sim.mintToken(), CLIENTS.get(i % CLIENTS.size()), "/signup");
            }
            sim.clearFaults();
            sim.inject(answering(LocalFault.UNKNOWN_PROJECT));
            for (String client : CLIENTS) {
                verifier.verify(sim.mintToken(), client, "/signup");
            }
            verifier.ask(sim.mintToken());
            assertEquals(1, errors("code=bad_secret").size(), capture::everything);
            assertEquals(1, errors("code=unknown_project").size(), "each fault has its own minute: " + capture.everything());

            advance(LOG_PERIOD.minusSeconds(1));
            sim.clearFaults();
            sim.inject(answering(LocalFault.BAD_SECRET));
            verifier.ask(sim.mintToken());
            assertEquals(1, errors("code=bad_secret").size(), capture::everything);

            advance(Duration.ofSeconds(1));
            verifier.ask(sim.mintToken());
            List<String> badSecret = errors("code=bad_secret");
            assertEquals(2, badSecret.size(), capture::everything);
            assertTrue(badSecret.get(1).contains("suppressed=5"), "the five answers not logged since: " + badSecret);
        }
    }

    @Test
    void playtchaThrottlingThisServer_isWarnedOncePerMinute(PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(settings(sim).build())) {
            sim.inject(Fault.json(429, "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\"}}"));
            for (int i = 0; i < 3; i++) {
                verifier.ask(sim.mintToken());
            }
            assertEquals(1, warnings("throttles").size(), capture::everything);

            advance(LOG_PERIOD);
            verifier.ask(sim.mintToken());
            List<String> lines = warnings("throttles");
            assertEquals(2, lines.size(), capture::everything);
            assertTrue(lines.get(1).contains("suppressed=2"), lines::toString);
        }
    }

    @Test
    void aListenerThatFailsOnEveryDecision_isWarnedOncePerMinute_notPerRequest(PlaytchaSimulator sim) {
        PlaytchaListener broken = new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                throw new IllegalStateException("the application's database is down");
            }
        };
        PlaytchaSettings settings = settings(sim).build();
        try (ComposedVerifier verifier = TestVerifiers.of(settings).clock(clock).listeners(broken).build()) {
            for (int i = 0; i < 4; i++) {
                verifier.verify(null, "203.0.113.7", "/signup");
            }
            assertEquals(1, warnings("failed on a decision").size(), capture::everything);

            advance(LOG_PERIOD);
            verifier.verify(null, "203.0.113.7", "/signup");
            List<String> lines = warnings("failed on a decision");
            assertEquals(2, lines.size(), capture::everything);
            assertTrue(lines.get(1).contains("suppressed=3"), lines::toString);
        }
    }

    private List<String> errors(String containing) {
        return capture.lines(Level.SEVERE).stream().filter(l -> l.contains(containing)).toList();
    }

    private List<String> warnings(String containing) {
        return capture.lines(Level.WARNING).stream().filter(l -> l.contains(containing)).toList();
    }
}
