package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable ledger across a real crash: a child JVM fails open on tokens during an outage and is
 * killed with SIGKILL ({@code kill -9}); the next verifier on the same directory reconciles every
 * entry exactly once, and the one after that finds nothing left.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LedgerKillTest {

    static final int TOKENS = 12;

    @Test
    void killedMidOutage_restartReconcilesEveryEntryExactlyOnce(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(sim.mintToken());
        }
        Path tokenFile = Files.write(dir.resolve("tokens.txt"), tokens);
        Path ledger = dir.resolve("ledger");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LedgerChild.class.getName(),
                sim.url().toString(), sim.secret(), ledger.toString(), tokenFile.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> tokenById = new LinkedHashMap<>();
        try {
            CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> readUntilReady(child, tokenById));
            ready.get(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush of ours
            assertTrue(child.waitFor(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        assertEquals(TOKENS, tokenById.size(), tokenById::toString);

        OutageRecoveryTest.Tally tally = new OutageRecoveryTest.Tally();
        tally.expect(TOKENS);
        sim.clearFaults();
        PlaytchaSettings settings = OutageRecoveryTest.settings(sim, ledger);
        try (TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();
                ComposedVerifier restarted = TestVerifiers.of(settings).listeners(tally).ledgerExecutor(ticks).build()) {
            assertTrue(tally.await(), () -> "reconciled " + tally.total() + " of " + TOKENS);
            ticks.passNow();
            assertEquals(0, restarted.status().ledgerOpen());
        }
        try (ComposedVerifier again = TestVerifiers.of(settings).listeners(tally).build()) {
            assertEquals(0, again.status().ledgerOpen(), "a second restart finds nothing to report");
        }

        assertEquals(tokenById.keySet(), tally.byId.keySet());
        tally.byId.forEach((id, reports) -> {
            assertEquals(1, reports.size(), () -> "reported once: " + id);
            Reconciliation r = reports.get(0);
            assertEquals(Outcome.CONFIRMED, r.outcome(), r::toString);
            assertEquals(tokenById.get(id), r.entry().token());
            assertEquals("/signup", r.entry().path());
            assertEquals("198.51.100.9", r.entry().remoteAddress());
        });
        tokens.forEach(token -> assertTrue(sim.callCount(token) <= 2, "one post in the outage at most, one to reconcile"));
        assertTrue(Files.readString(ledger.resolve("playtcha-ledger.jsonl")).isEmpty());
    }

    private static void readUntilReady(Process child, Map<String, String> tokenById) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(LedgerChild.READY)) {
                    return;
                }
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("RECORDED") && !parts[1].equals("none")) {
                    tokenById.put(parts[1], parts[2]);
                } else {
                    throw new AssertionError("unexpected line from the child: " + line);
                }
            }
            throw new AssertionError("the child ended before it was ready");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
