package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a ledger on a store several nodes share ({@link SharedStore}): a request claims its
 * token outside the lock, waiting at most {@code claimWait}; every other step is asked outside the lock,
 * on the pass's thread, and its {@link Hold} says whether this node still owns the entry.
 */
final class SharedEntries extends OpenEntries {

    private static final System.Logger LOG = System.getLogger(SharedEntries.class.getName());

    private final SharedStore store;
    private final Duration claimWait;
    private final boolean holdLocally;
    /**
     * Entries the store handed back before {@link #record} put them among the open ones (its claim's
     * late answer came first), kept until they are: at most {@code capacity}, the oldest first out.
     * Guarded by {@link #lock}.
     */
    private final Map<String, Outcome> handedBack;

    /** @param holdLocally whether a request whose claim gets no answer is recorded, held on this node only */
    SharedEntries(SharedStore store, int capacity, VerifierClock clock, FailOpenLedger.Host host, Duration claimWait, boolean holdLocally) {
        super(capacity, clock, host);
        this.store = store;
        this.claimWait = claimWait;
        this.holdLocally = holdLocally;
        handedBack = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override LedgerStore store() { return store; }
    @Override Hold settled(OpenEntry o) { return store.settled(o.settled); }
    @Override long passMillis() { return store.passMillis(); }
    @Override void compact() { }
    @Override boolean durable() { return true; }
    @Override int unwritten() { return store.unwritten(); }

    /** A {@link Claim#TAKEN} token is not recorded, an {@link Claim#UNKNOWN} one only when {@code holdLocally}. */
    @Override
    FailOpenLedger.Recorded record(String token, String path, String remoteAddress, String cause) {
        OpenEntry o = admitted(token, path, remoteAddress, cause, taken -> delivering++); // the claim takes its place meanwhile
        if (o == null) {
            return FailOpenLedger.Recorded.NONE;
        }
        Claim claim = Claim.UNKNOWN;
        try {
            claim = store.claim(o.entry, claimWait, holdLocally);
        } finally {
            synchronized (lock) {
                delivering--;
                if (claim == Claim.CLAIMED || claim == Claim.UNKNOWN && holdLocally) {
                    open.put(o);
                }
            }
        }
        boolean kept = claim == Claim.CLAIMED || claim == Claim.UNKNOWN && holdLocally;
        return new FailOpenLedger.Recorded(kept ? o.entry : null, claim);
    }

    /** A round trip: outside the lock. */
    @Override
    Hold posting(OpenEntry o) {
        Hold hold = store.posting(o.entry.id());
        synchronized (lock) {
            o.posted |= hold == Hold.HELD;
        }
        return hold;
    }

    @Override
    boolean reported(OpenEntry o) {
        Hold hold = store.reported(o.entry.id());
        left();
        return hold != Hold.LOST;
    }

    @Override
    boolean retry(OpenEntry o, long next) {
        if (store.deliveryFailed(o.entry.id(), o.failedDeliveries, Instant.ofEpochMilli(next)) == Hold.LOST) {
            left();
            return false;
        }
        o.nextDelivery = next;
        unclaim(o);
        return true;
    }

    @Override
    boolean park(OpenEntry o, String listeners) {
        Hold hold = store.parked(o.settled, o.failedDeliveries, listeners);
        left();
        return hold != Hold.LOST;
    }

    @Override
    List<OpenEntry> takeOver() {
        List<StoredEntry> adopted = store.adopt(room());
        if (!adopted.isEmpty()) {
            LOG.log(Level.INFO, "Playtcha ledger: took over {0} fail-open entries from a node that stopped [{1}]",
                    adopted.size(), store);
            replayed(adopted);
        }
        return abandonUnstored(store.refused());
    }

    /** The writer's last try first, then what it never wrote ({@link SharedStore#close}). */
    @Override
    List<OpenEntry> closeStore(Duration wait) {
        return abandonUnstored(store.close(wait));
    }

    /**
     * Takes out the entries the store hands back unstored, by id, settles those not yet settled with
     * the outcome given ({@code abandoned} or {@code rejected}), and returns them for delivery.
     */
    private List<OpenEntry> abandonUnstored(Map<String, Outcome> unstored) {
        synchronized (lock) {
            handedBack.putAll(unstored);
            if (handedBack.isEmpty()) {
                return List.of();
            }
        }
        Instant now = clock.instant();
        List<OpenEntry> abandoned = new ArrayList<>();
        for (OpenEntry o : list()) {
            Outcome outcome;
            synchronized (lock) {
                outcome = handedBack.remove(o.entry.id());
            }
            if (outcome != null && claim(o)) {
                synchronized (lock) {
                    if (o.settled == null) {
                        o.settled = new Reconciliation(o.entry, outcome, outcome == Outcome.REJECTED ? FailOpenLedger.TAKEN
                                : outcome == Outcome.AMBIGUOUS ? FailOpenLedger.TAKEN_AFTER : null, now);
                    }
                }
                abandoned.add(o);
            }
        }
        return abandoned;
    }
}
