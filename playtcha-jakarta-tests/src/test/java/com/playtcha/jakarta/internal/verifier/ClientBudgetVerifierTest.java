package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * The per-client budget inside the real verifier, against the simulator: a flood of junk tokens
 * from one address reaches Playtcha exactly as often as its budget allows, counted by the
 * simulator, while another address verifies at the same time. The budget's clock is a fake one, so
 * the refill is exact; the HTTP exchanges are real.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class ClientBudgetVerifierTest {

    private static final String FLOODER = "203.0.113.7";
    private static final String NEIGHBOUR = "198.51.100.9";
    /** Five at once, then one a second. */
    private static final PlaytchaSettings.ClientBudget FIVE_THEN_ONE_A_SECOND = new PlaytchaSettings.ClientBudget(true, 60, 5, 1_000);

    private final StoppedClock clock = new StoppedClock();

    private ComposedVerifier verifier(PlaytchaSimulator sim, PlaytchaSettings.Builder settings) {
        return TestVerifiers.of(settings.secret(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT).build())
                .clock(clock).build();
    }

    /** A request from {@code client} decided: what verification found. */
    private static VerificationResult decide(VerifyPath path, ComposedVerifier verifier, String token, String client) {
        return path.verify(verifier, token, client, "/signup").result();
    }

    private static PlaytchaSettings.Builder budget(PlaytchaSettings.ClientBudget budget) {
        return PlaytchaSettings.builder().clientBudget(budget);
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void junkFloodFromOneAddress_reachesPlaytchaOnlyAsTheBudgetAllows_whileAnotherAddressVerifies(VerifyPath path, PlaytchaSimulator sim)
            throws Exception {
        try (ComposedVerifier verifier = verifier(sim, budget(FIVE_THEN_ONE_A_SECOND))) {
            Map<String, Long> codes = new ConcurrentHashMap<>();
            List<VerificationResult> neighbour = new ArrayList<>();
            ExecutorService flood = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(flood.submit(() -> {
                        go.await();
                        for (int i = 0; i < 50; i++) {
                            codes.merge(decide(path, verifier, "ptk_junk_" + thread + "_" + i, FLOODER).errorCode(), 1L, Long::sum);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (int i = 0; i < 3; i++) { // meanwhile, next door
                    neighbour.add(decide(path, verifier, sim.mintToken(), NEIGHBOUR));
                }
                for (Future<?> f : done) {
                    f.get(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                flood.shutdownNow();
            }

            assertEquals(Map.of("token_invalid", 5L, VerificationResult.CLIENT_RATE_LIMITED, 395L), codes);
            assertEquals(List.of("verified", "verified", "verified"), neighbour.stream().map(VerificationResult::outcome).toList());
            assertEquals(5 + 3, sim.callCount(), "the flood's burst and the neighbour's three, nothing more");

            clock.advance(Duration.ofMillis(2_500)); // two verifies earned back, and half of a third
            Map<String, Long> later = new TreeMap<>();
            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                VerificationResult result = decide(path, verifier, "ptk_junk_later_" + i, FLOODER);
                later.merge(result.errorCode(), 1L, Long::sum);
                if (result instanceof VerificationResult.Rejected r && r.code().equals(VerificationResult.CLIENT_RATE_LIMITED)) {
                    waits.add(r.retryAfter());
                }
            }

            assertEquals(Map.of("token_invalid", 2L, VerificationResult.CLIENT_RATE_LIMITED, 98L), later);
            assertEquals(List.of(Duration.ofMillis(500)), waits.stream().distinct().toList());
            assertEquals(5 + 3 + 2, sim.callCount());
            assertEquals(BreakerState.CLOSED, verifier.status().breaker());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void missingAndMalformedTokens_spendNoBudget(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, budget(FIVE_THEN_ONE_A_SECOND))) {
            for (int i = 0; i < 20; i++) {
                assertEquals(VerificationResult.MISSING_TOKEN, decide(path, verifier, i % 2 == 0 ? null : " ", FLOODER).errorCode());
                assertEquals(VerificationResult.MALFORMED_TOKEN, decide(path, verifier, "ptk_ junk", FLOODER).errorCode());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("verified", decide(path, verifier, sim.mintToken(), FLOODER).outcome());
            }

            assertEquals(VerificationResult.CLIENT_RATE_LIMITED, decide(path, verifier, sim.mintToken(), FLOODER).errorCode());
            assertEquals(5, sim.callCount());
        }
    }

    /**
     * During an outage a fail-open site lets unverified requests through; the budget comes before
     * the breaker, so a flood buys at most its budget of them, and what it is refused never reaches
     * the ledger.
     */
    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void overBudget_comesBeforeTheBreaker_andNeverReachesTheLedger(VerifyPath path, PlaytchaSimulator sim) {
        sim.inject(Fault.serverError(500, "db_error"));
        PlaytchaSettings.Builder settings = budget(new PlaytchaSettings.ClientBudget(true, 60, 3, 1_000))
                .breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofMinutes(5), 1));
        try (ComposedVerifier verifier = verifier(sim, settings)) {
            PlaytchaSettings failOpen = settings.build();
            List<String> codes = new ArrayList<>();
            int failedOpen = 0;
            for (int i = 0; i < 10; i++) {
                String token = sim.mintToken();
                Verification v = path.verify(verifier, token, FLOODER, "/signup", Policy.of(failOpen));
                VerificationResult result = v.result();
                Decision decision = v.decision();
                failedOpen += decision.failedOpen() ? 1 : 0;
                LedgerEntry entry = v.ledgerEntry();
                if (VerificationResult.CLIENT_RATE_LIMITED.equals(result.errorCode())) {
                    assertEquals(new Decision(false, 429, 1, false), decision, "blocked, also failing open");
                    assertNull(entry);
                }
                codes.add(result.errorCode());
            }

            assertEquals(List.of("db_error", "circuit_open", "circuit_open", "client_rate_limited", "client_rate_limited",
                    "client_rate_limited", "client_rate_limited", "client_rate_limited", "client_rate_limited",
                    "client_rate_limited"), codes);
            assertEquals(3, failedOpen);
            assertEquals(3, verifier.status().ledgerOpen(), "the three that failed open, and none of the refused");
            assertEquals(1, sim.callCount());
        }
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void askOrVerifyWithoutAnAddress_orWithTheBudgetOff_spendNoBudget(VerifyPath path, PlaytchaSimulator sim) {
        try (ComposedVerifier verifier = verifier(sim, budget(new PlaytchaSettings.ClientBudget(true, 1, 1, 1)))) {
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(VerificationResult.Verified.class, path.ask(verifier, sim.mintToken()));
                assertInstanceOf(VerificationResult.Verified.class, decide(path, verifier, sim.mintToken(), null));
            }
            assertInstanceOf(VerificationResult.Verified.class, decide(path, verifier, sim.mintToken(), FLOODER));
            VerificationResult refused = decide(path, verifier, sim.mintToken(), FLOODER);
            assertEquals(Duration.ofMinutes(1), ((VerificationResult.Rejected) refused).retryAfter());
            assertNull(refused.requestId());
        }
        try (ComposedVerifier verifier = verifier(sim, budget(new PlaytchaSettings.ClientBudget(false, 1, 1, 1)))) {
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(VerificationResult.Verified.class, decide(path, verifier, sim.mintToken(), FLOODER));
            }
        }
        assertEquals(6 + 1 + 3, sim.callCount());
    }
}
