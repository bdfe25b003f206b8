package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage, then recovery, in real time through the real verifier: requests fail open while
 * Playtcha is down, the ledger holds every one, and once Playtcha answers each is reconciled
 * exactly once, with the right outcome.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class OutageRecoveryTest {

    static final Duration AWAIT = Duration.ofSeconds(30);
    static final int CALLERS = 16;
    static final int PER_CALLER = 4;

    /** Counts what the ledger reports, per entry id. */
    static final class Tally implements PlaytchaListener {
        final Map<String, List<Reconciliation>> byId = new ConcurrentHashMap<>();
        final List<DecisionEvent> decisions = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile CountDownLatch expected = new CountDownLatch(0);

        void expect(int count) {
            expected = new CountDownLatch(count);
        }

        boolean await() throws InterruptedException {
            return expected.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void decided(DecisionEvent event) {
            decisions.add(event);
        }

        @Override
        public void reconciled(Reconciliation r) {
            byId.computeIfAbsent(r.entry().id(), id -> java.util.Collections.synchronizedList(new ArrayList<>())).add(r);
            expected.countDown();
        }

        int total() {
            return byId.values().stream().mapToInt(List::size).sum();
        }
    }

    static PlaytchaSettings settings(PlaytchaSimulator sim, Path ledger) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(Duration.ofSeconds(1))
                .breaker(new PlaytchaSettings.Breaker(true, 3, Duration.ofMillis(300), 1))
                .ledgerDirectory(ledger)
                .build();
    }

    @ParameterizedTest
    @EnumSource(VerifyPath.class)
    void failedOpenDuringAnOutage_everyEntryReconciledOnce_whenPlaytchaIsBack(VerifyPath path, PlaytchaSimulator sim, @TempDir Path dir)
            throws Exception {
        Tally tally = new Tally();
        PlaytchaSettings settings = settings(sim, dir);
        try (TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();
                ComposedVerifier verifier = TestVerifiers.of(settings).listeners(tally).ledgerExecutor(ticks).build()) {
            // Two posts reach Playtcha, which redeems those tokens but whose replies are lost; then it
            // fails outright, and after three failures in a row the breaker opens.
            sim.injectOnce(Fault.lostReply());
            sim.injectOnce(Fault.lostReply());
            sim.inject(Fault.serverError(503, "db_error"));
            Map<String, String> tokenById = new ConcurrentHashMap<>();
            for (int i = 0; i < 3; i++) {
                String token = sim.mintToken();
                tokenById.put(failOpen(path, verifier, settings, token).id(), token);
            }

            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    List<String> tokens = new ArrayList<>();
                    for (int i = 0; i < PER_CALLER; i++) {
                        tokens.add(sim.mintToken());
                    }
                    done.add(callers.submit(() -> {
                        for (String token : tokens) {
                            tokenById.put(failOpen(path, verifier, settings, token).id(), token);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            int recorded = 3 + CALLERS * PER_CALLER;
            assertEquals(recorded, tokenById.size());
            assertEquals(recorded, verifier.status().ledgerOpen(), "the ledger holds every request that failed open");
            assertEquals(0, tally.total(), "no outcome while Playtcha gives no verdict");
            assertTrue(tally.decisions.stream().allMatch(d -> d.kind() == DecisionEvent.Kind.FAILED_OPEN));

            tally.expect(recorded);
            sim.clearFaults();
            assertTrue(tally.await(), () -> "reconciled " + tally.total() + " of " + recorded);

            ticks.passNow(); // one more pass must not report anything again
            assertEquals(tokenById.keySet(), tally.byId.keySet());
            Map<Outcome, Integer> outcomes = new HashMap<>();
            tally.byId.forEach((id, reports) -> {
                assertEquals(1, reports.size(), () -> "reported once: " + id);
                Reconciliation r = reports.get(0);
                outcomes.merge(r.outcome(), 1, Integer::sum);
                // Whichever posts met the two lost replies (usually the first two requests; a stalled
                // machine may let the ledger's own first try meet one) left those tokens redeemed.
                Outcome expected = sim.callCount(tokenById.get(id)) > 1 && r.code() != null
                        ? Outcome.AMBIGUOUS : Outcome.CONFIRMED;
                assertEquals(expected, r.outcome(), r::toString);
            });
            assertEquals(Map.of(Outcome.AMBIGUOUS, 2, Outcome.CONFIRMED, recorded - 2), outcomes, "two replies were lost");
            assertEquals(0, verifier.status().ledgerOpen());
        }
        try (ComposedVerifier restarted = TestVerifiers.of(settings).listeners(tally).build()) {
            assertEquals(0, restarted.status().ledgerOpen(), "nothing left to report after a restart");
        }
    }

    private static LedgerEntry failOpen(VerifyPath path, PlaytchaVerifier verifier, PlaytchaSettings settings, String token) {
        // No client address: dozens of requests of one outage, and no budget is what this test is about.
        Verification v = path.verify(verifier, token, null, "/signup", Policy.of(settings));
        assertTrue(v.decision().failedOpen(), v.result()::toString);
        assertNotNull(v.ledgerEntry());
        return v.ledgerEntry();
    }
}
