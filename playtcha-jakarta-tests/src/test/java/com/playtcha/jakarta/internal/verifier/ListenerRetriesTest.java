package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier's listeners behind the ledger's delivery, one pass at a time on a fake clock, the
 * tokens re-verified against the simulator: a listener that throws hears the entry again, and it
 * alone; the others (the metrics listener among them) hear it once. Only a restart, which forgets
 * who still owes it, hands the stored outcome to every listener again.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class ListenerRetriesTest {

    /** Deliveries of one outcome before it is parked, and the waits between them (the ledger's own schedule). */
    private static final int ATTEMPTS = 6;
    private static final Duration FIRST_TRY = Duration.ofSeconds(1);

    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final ManualClock clock = new ManualClock();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    private final Hearing good = new Hearing(0);
    private PlaytchaSimulator sim;
    private PlaytchaVerifier verifier;
    private Listeners listeners;

    @BeforeEach
    void setUp(PlaytchaSimulator sim) {
        this.sim = sim;
        verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(TestSettings.PATIENT).breakerEnabled(false).ledgerEnabled(false).build());
        listeners = new Listeners(VerifierClock.SYSTEM);
    }

    @AfterEach
    void tearDown() {
        verifier.close();
        otel.close();
    }

    /** A listener that throws on its first {@code failures} reconciliations, then takes them; counts what it hears. */
    static final class Hearing implements PlaytchaListener {
        final List<Reconciliation> heard = new ArrayList<>();
        private final int failures;

        Hearing(int failures) {
            this.failures = failures;
        }

        @Override
        public void reconciled(Reconciliation reconciliation) {
            heard.add(reconciliation);
            if (heard.size() <= failures) {
                throw new IllegalStateException("the application's database is down");
            }
        }
    }

    private FailOpenLedger ledger(LedgerStore store) {
        return ManualLedgers.over(store, 10, verifier::ask, listeners::reconciled, clock);
    }

    private LedgerEntry failOpen(FailOpenLedger ledger) {
        LedgerEntry entry = ledger.record(sim.mintToken(), "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        clock.advance(FIRST_TRY);
        return entry;
    }

    private long reconciliationsCounted() {
        AttributeKey<String> outcome = AttributeKey.stringKey("playtcha.reconciliation.outcome");
        return reader.collectAllMetrics().stream().filter(m -> m.getName().equals("playtcha.reconciliations"))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> p.getAttributes().equals(Attributes.of(outcome, "confirmed")))
                .mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void aListenerThatThrowsTwice_aloneHearsItAgain_andTheOthersAndTheMetricsOnce() {
        Hearing thrower = new Hearing(2);
        listeners.add(thrower);
        listeners.add(good);
        listeners.add(PlaytchaMetrics.attach(verifier, otel));
        try (FailOpenLedger ledger = ledger(ManualLedgers.inMemory())) {
            LedgerEntry entry = failOpen(ledger);

            ledger.pass(); // re-verified, settled, delivered: the thrower fails
            clock.advance(Duration.ofSeconds(1));
            ledger.pass(); // again, to the thrower alone: it fails again
            clock.advance(Duration.ofSeconds(2));
            ledger.pass(); // again, to the thrower alone: it takes it

            assertEquals(3, thrower.heard.size(), "the failing listener, until it took it");
            assertEquals(1, good.heard.size(), "a listener that returned normally hears each entry once");
            assertEquals(1, reconciliationsCounted(), "the metrics listener counts the entry once");
            assertEquals(0, ledger.size(), "reported");
            assertTrue(thrower.heard.stream().allMatch(r -> r.entry().id().equals(entry.id())), "the same entry each time");
            clock.advance(Duration.ofMinutes(1));
            ledger.pass();
            assertEquals(3, thrower.heard.size(), "never again");
        }
        assertEquals(1, sim.callCount(), "the token was posted once; its outcome was handed on, not asked again");
    }

    @Test
    void aListenerThatNeverStopsThrowing_hasTheEntryParked_andTheOthersHeardItOnce() {
        Hearing thrower = new Hearing(Integer.MAX_VALUE);
        listeners.add(good);
        listeners.add(thrower);
        listeners.add(PlaytchaMetrics.attach(verifier, otel));
        try (FailOpenLedger ledger = ledger(ManualLedgers.inMemory())) {
            LedgerEntry entry = failOpen(ledger);

            ledger.pass();
            for (int attempt = 2; attempt <= ATTEMPTS + 2; attempt++) {
                clock.advance(Duration.ofSeconds(16)); // the longest wait of the schedule: each pass finds it due
                ledger.pass();
            }

            assertEquals(ATTEMPTS, thrower.heard.size(), "1, 2, 4, 8 and 16 s after the first: then parked");
            assertEquals(1, good.heard.size());
            assertEquals(1, reconciliationsCounted());
            assertEquals(0, ledger.size(), "parked: no longer open");
            List<String> parked = log.lines(Level.WARNING).stream().filter(l -> l.contains("parked for an operator")).toList();
            assertEquals(1, parked.size(), String.join("\n", log.lines(Level.WARNING)));
            assertTrue(parked.get(0).contains("listener=" + Hearing.class.getName() + ",") && parked.get(0).contains(entry.id()),
                    "the WARNING names the listener's class: " + parked.get(0));
        }
    }

    @Test
    void afterARestart_theStoredOutcomeGoesToEveryListenerAgain(@TempDir Path dir) {
        Hearing thrower = new Hearing(1);
        listeners.add(thrower);
        listeners.add(good);
        FailOpenLedger first = ledger(ManualLedgers.journal(dir, 10, clock));
        LedgerEntry entry = failOpen(first);
        first.pass(); // the thrower fails; its retry is due in 1 s, but the JVM stops first
        first.close();
        assertEquals(1, good.heard.size());

        try (FailOpenLedger restarted = ledger(ManualLedgers.journal(dir, 10, clock))) {
            restarted.pass();

            assertEquals(2, good.heard.size(), "who still owed it was in memory: every listener hears the stored outcome");
            assertEquals(2, thrower.heard.size());
            assertEquals(entry.id(), good.heard.get(1).entry().id(), "the same id: listeners idempotent on it see a repeat");
            assertEquals(good.heard.get(0).outcome(), good.heard.get(1).outcome(), "and the same outcome");
            assertEquals(0, restarted.size());
        }
        assertEquals(1, sim.callCount(), "the stored outcome, not a second post");
    }
}
