package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.util.List;

/** An entry recorded and not yet reported, with what the ledger keeps of it in memory. Guarded by {@link OpenEntries}. */
final class OpenEntry {

    final LedgerEntry entry;
    /** Not re-verified before this time (epoch millis). */
    long nextTry;
    /** Re-verifications of this entry that got no verdict, for its own back-off. */
    int misses;
    /** The ledger has posted (or was about to post) this token itself. */
    boolean posted;
    /** Its outcome, once settled; the listeners have not heard it yet. */
    Reconciliation settled;
    /**
     * The store has that outcome ({@link SharedStore#settled} answered {@code HELD}): it may be
     * delivered. Read and written only by the thread that delivers it ({@link Delivery}).
     */
    boolean settleStored;
    /** Deliveries of its outcome that a listener failed on. */
    int failedDeliveries;
    /**
     * The listeners that threw on its outcome's last delivery: they alone hear it again; {@code null}
     * before its first delivery in this JVM. Only the delivering thread touches it.
     */
    List<PlaytchaListener> owing;
    /** Not delivered again before this time (epoch millis). */
    long nextDelivery;

    OpenEntry(LedgerEntry entry, long firstTry, boolean posted, Reconciliation settled, int failedDeliveries) {
        this.entry = entry;
        this.failedDeliveries = failedDeliveries;
        this.nextTry = firstTry;
        this.posted = posted;
        this.settled = settled;
        this.settleStored = settled != null;
    }

    /** After a miss: the next try waits its back-off ({@link ReconciliationPolicy#backOffMillis}). */
    void missed(long now) {
        nextTry = now + ReconciliationPolicy.backOffMillis(++misses);
    }

    StoredEntry stored() {
        return new StoredEntry(entry, posted, settled, failedDeliveries);
    }
}
