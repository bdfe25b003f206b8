package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LedgerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every ledger store promises, run against each backend (memory, the journal, PostgreSQL): a
 * subclass supplies only the store, as Bucket4j's {@code AbstractDistributedBucketTest} does. Each test
 * drives a {@link FailOpenLedger} on the store one pass at a time on a {@link ManualClock}; a post
 * answers "verified" and is counted. The promises: an entry is re-verified once and reported once, and
 * a settled entry is not replayed; an open entry outlives a durable store (a restart, or another node)
 * and is reported {@code abandoned} by one that is not; a stored outcome is delivered again without a
 * second post; an entry that outlives its token is expired without a post and dead-lettered; one whose
 * listener keeps failing is parked; writes that fail are reported and never stop a request.
 */
public abstract class LedgerStoreContract {

    protected final ManualClock clock = new ManualClock();
    private final List<FailOpenLedger> ledgers = new ArrayList<>();
    /** The tokens posted to "Playtcha", in order. */
    private final List<String> posts = new CopyOnWriteArrayList<>();
    /** What the listeners took, in order. */
    private final List<Reconciliation> heard = new CopyOnWriteArrayList<>();

    /**
     * A store on the test's backing: each call opens it again on the same backing, as a restart (or, for
     * a shared store, another node) does; the test closes what it opened through its ledger.
     */
    protected abstract LedgerStore open();

    /** Whether entries outlive the store: its next {@link #open()} replays what was open. */
    protected abstract boolean durable();

    /** The dead letter the store keeps of the entry, in its own words; {@code null} if there is none. */
    protected abstract String deadLetter(String id) throws Exception;

    /**
     * Makes the writes of the store {@link #open()}s next fail (once it is open), until {@link #repairWrites};
     * {@code false} for a store with no writes that can fail.
     */
    protected boolean breakWrites() {
        return false;
    }

    /** Lets the store's writes work again. */
    protected void repairWrites() {
    }

    /** Closes what the backing holds (a pool), after the ledgers closed. */
    protected void closeBacking() throws Exception {
    }

    @AfterEach
    void closeLedgers() throws Exception {
        try {
            ledgers.forEach(FailOpenLedger::close);
        } finally {
            closeBacking();
        }
    }

    private FailOpenLedger ledger(Predicate<Reconciliation> listeners) {
        FailOpenLedger ledger = ManualLedgers.over(open(), 100, token -> {
            posts.add(token);
            return new VerificationResult.Verified(false, null);
        }, listeners, clock);
        ledgers.add(ledger);
        return ledger;
    }

    private FailOpenLedger ledger() {
        return ledger(heard::add);
    }

    private FailOpenLedger reopened(FailOpenLedger before) {
        before.close();
        ledgers.remove(before);
        return ledger();
    }

    private static LedgerEntry record(FailOpenLedger ledger, String token) throws InterruptedException {
        LedgerEntry entry = ledger.record(token, "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        assertNotNull(entry, "recorded");
        await(() -> ledger.unwritten() == 0, "the store has the entry (a shared store's writer)");
        return entry;
    }

    /** Polls a condition (a shared store's writer, its retries), never waiting for time to pass. */
    protected static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "within 20 s: " + what);
            Thread.sleep(10);
        }
    }

    private List<Outcome> outcomes() {
        return heard.stream().map(Reconciliation::outcome).toList();
    }

    @Test
    void anEntry_isReVerifiedOnce_andReportedOnce_andASettledOneIsNotReplayed() throws Exception {
        FailOpenLedger ledger = ledger();
        LedgerEntry entry = record(ledger, "tok-once");
        assertTrue(ledger.holds("tok-once"), "held until reported: a replay of the token never passes meanwhile");

        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_TRY_MILLIS));
        ledger.pass();
        ledger.pass();

        assertEquals(List.of(Outcome.CONFIRMED), outcomes());
        assertEquals(entry.id(), heard.get(0).entry().id());
        assertEquals(List.of("tok-once"), posts);
        assertEquals(0, ledger.size());
        assertFalse(ledger.holds("tok-once"));

        FailOpenLedger next = reopened(ledger);
        assertEquals(0, next.size(), "a reported entry is not replayed");
        clock.advance(Duration.ofMinutes(1));
        next.pass();
        assertEquals(1, heard.size(), "and never heard again");
        assertEquals(1, posts.size());
    }

    @Test
    void anOpenEntry_outlivesADurableStore_andIsReportedAbandonedByOneThatIsNot() throws Exception {
        FailOpenLedger ledger = ledger();
        LedgerEntry entry = record(ledger, "tok-open");
        ledger.close();

        if (!durable()) {
            assertEquals(List.of(Outcome.ABANDONED), outcomes(), "closing reports what it cannot keep, once");
            assertEquals(List.of(), posts);
            return;
        }
        assertEquals(List.of(), heard, "a durable store keeps its open entries when closed");
        FailOpenLedger next = ledger();
        assertEquals(1, next.size(), "replayed");
        next.pass();
        next.pass();
        assertEquals(List.of(Outcome.CONFIRMED), outcomes());
        assertEquals(entry.id(), heard.get(0).entry().id(), "the same entry");
        assertEquals(List.of("tok-open"), posts, "posted once");
    }

    @Test
    void aStoredOutcomeNotYetDelivered_isDeliveredAgain_withoutASecondPost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FailOpenLedger ledger = ledger(r -> calls.incrementAndGet() > 1 && heard.add(r)); // the first delivery fails
        LedgerEntry entry = record(ledger, "tok-settled");
        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_TRY_MILLIS));
        ledger.pass();
        assertEquals(1, calls.get());
        assertEquals(List.of(), heard);

        ledger.close(); // before its retry
        if (durable()) {
            assertEquals(List.of(), heard);
            ledger().pass();
        }

        assertEquals(List.of(Outcome.CONFIRMED), outcomes(), durable() ? "after the restart" : "as the ledger closed");
        assertEquals(entry.id(), heard.get(0).entry().id());
        assertEquals(List.of("tok-settled"), posts, "the outcome came from the store, not from a second post (a 409)");
    }

    @Test
    void anEntryThatOutlivesItsToken_isExpired_withoutAPost_andDeadLettered() throws Exception {
        FailOpenLedger ledger = ledger();
        LedgerEntry entry = record(ledger, "tok-expires");
        clock.advance(FailOpenLedger.TOKEN_LIFETIME);

        ledger.pass();

        assertEquals(List.of(Outcome.EXPIRED), outcomes());
        assertNull(heard.get(0).result(), "Playtcha gave no verdict");
        assertEquals(List.of(), posts);
        assertEquals(0, ledger.size());
        String dead = deadLetter(entry.id());
        assertTrue(dead == null || dead.toLowerCase(Locale.ROOT).contains("expired"), dead);
        assertTrue(dead == null || !dead.contains("tok-expires"), "a dead letter holds no token: " + dead);
    }

    @Test
    void aListenerFailingTwice_hearsTheSameEntryAgainAfterItsBackOff_andItIsReportedOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FailOpenLedger ledger = ledger(r -> calls.incrementAndGet() > 2 && heard.add(r));
        LedgerEntry entry = record(ledger, "tok-twice");
        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_TRY_MILLIS));
        ledger.pass();
        clock.advance(Duration.ofMillis(Delivery.FIRST_RETRY_MILLIS - 1));
        ledger.pass();
        assertEquals(1, calls.get(), "not again before its back-off");
        for (long backOff : List.of(1L, Delivery.FIRST_RETRY_MILLIS * 2)) {
            clock.advance(Duration.ofMillis(backOff));
            ledger.pass();
        }

        assertEquals(3, calls.get(), "two failures, then the one that took it");
        assertEquals(List.of(Outcome.CONFIRMED), outcomes());
        assertEquals(entry.id(), heard.get(0).entry().id());
        assertEquals(0, ledger.size());
        clock.advance(Duration.ofMinutes(1));
        ledger.pass();
        assertEquals(3, calls.get(), "and never again");
        assertEquals(List.of("tok-twice"), posts);
    }

    @Test
    void anEntryWhoseListenerKeepsFailing_isParkedAfterItsAttempts_andNeverDeliveredAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FailOpenLedger ledger = ledger(r -> calls.incrementAndGet() < 0);
        LedgerEntry entry = record(ledger, "tok-parked");
        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_TRY_MILLIS));
        ledger.pass();
        for (int attempt = 2; attempt <= Delivery.ATTEMPTS; attempt++) {
            clock.advance(Duration.ofMillis(Delivery.FIRST_RETRY_MILLIS << (attempt - 2)));
            ledger.pass();
            assertEquals(attempt, calls.get(), "attempt " + attempt + " after its back-off");
        }

        assertEquals(0, ledger.size(), "parked: done here");
        String dead = deadLetter(entry.id());
        assertTrue(dead == null || dead.toLowerCase(Locale.ROOT).contains("parked"), dead);
        clock.advance(Duration.ofMinutes(1));
        ledger.pass();
        assertEquals(Delivery.ATTEMPTS, calls.get(), "never again");
        assertEquals(List.of("tok-parked"), posts);
    }

    @Test
    void writesThatFail_areReported_whileRequestsAreStillRecorded_untilTheyWorkAgain() throws Exception {
        assumeTrue(breakWrites(), "a store with no writes that can fail");
        FailOpenLedger ledger = ledger();
        LedgerEntry entry = ledger.record("tok-unwritable", "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        assertNotNull(entry, "the request goes on, recorded");
        ledger.pass();
        await(() -> ledger.storeUnwritable() != null, "the store reports its failed writes");
        assertFalse(ledger.storeUnwritable().message().contains("tok-unwritable"), ledger.storeUnwritable().message());

        repairWrites();
        await(() -> {
            ledger.pass();
            return ledger.storeUnwritable() == null && ledger.unwritten() == 0;
        }, "the store writes again, the entry with it");

        if (durable()) {
            assertEquals(1, reopened(ledger).size(), "the entry was stored once writes worked");
        }
    }
}
