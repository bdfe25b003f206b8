package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.TokenDigest;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hands settled entries to the listeners, each listener once, only once the store has the outcome
 * ({@link OpenEntries#settled}); a listener that throws hears it again, alone, up to {@value #ATTEMPTS}
 * times, then the entry is parked. No lock held. Why: design/ledger.md.
 */
final class Delivery {

    /** Deliveries of one outcome before it is parked. */
    static final int ATTEMPTS = 6;
    static final long FIRST_RETRY_MILLIS = 1_000;

    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    private final OpenEntries entries;
    private final FailOpenLedger.Host listeners;
    /** Entries another node took over since the last {@link #logTakenOver}; counted on the pass thread. */
    private int takenOver;

    /** @param listeners hands an outcome to the listeners that owe it, and says which of them failed on it */
    Delivery(OpenEntries entries, FailOpenLedger.Host listeners) {
        this.entries = entries;
        this.listeners = listeners;
    }

    /** Stores the outcome unless the store has it, then delivers it; {@code false}: the store could not be asked. */
    boolean deliver(OpenEntry o) {
        if (!o.settleStored) {
            Hold stored = entries.settled(o); // a database's round trip: outside the lock requests record with
            if (stored == Hold.LOST) {
                forget(o);
            }
            if (stored != Hold.HELD) {
                return stored == Hold.LOST;
            }
            o.settleStored = true;
        }
        if (entries.claim(o)) { // else claimed already (by close, from a listener's thread)
            attempt(o);
        }
        return true;
    }

    /** Another node took the entry over ({@link Hold#LOST}): it reports it, this one forgets it. */
    void forget(OpenEntry o) {
        if (entries.claim(o)) {
            entries.left();
            takenOver++;
        }
    }

    /** Says, once per pass, how many entries this node gave up to another one that took them over. */
    void logTakenOver() {
        if (takenOver > 0) {
            LOG.log(Level.INFO, "Playtcha ledger: {0} entries were taken over by another node, which reports them (again, "
                    + "for those this node had delivered already); this node forgets them [{1}]", takenOver, entries.store());
            takenOver = 0;
        }
    }

    /** An entry its store never had ({@link OpenEntries#abandonUnstored}), claimed already: delivered once, here. */
    void deliverUnstored(OpenEntry o) {
        try {
            if (!told(o)) {
                Reconciliation r = o.settled;
                LOG.log(Level.WARNING, "Playtcha ledger: a PlaytchaListener failed on an entry its database never stored; "
                        + "not tried again, as there is no row to record it in [listener={0}, id={1}, outcome={2}, token_sha256={3}]",
                        names(o.owing), r.entry().id(), r.outcome(), TokenDigest.hex(r.entry().token()));
            }
        } finally {
            entries.left();
        }
    }

    private void attempt(OpenEntry o) {
        if (told(o)) {
            if (!entries.reported(o)) {
                takenOver++; // during its delivery: that node delivers it again
            }
            return;
        }
        Reconciliation r = o.settled;
        o.failedDeliveries++;
        String failing = names(o.owing);
        if (o.failedDeliveries >= ATTEMPTS || entries.closed()) {
            LOG.log(Level.WARNING, "Playtcha ledger: a PlaytchaListener failed {0} time(s) on a reconciliation; parked for an "
                    + "operator [listener={1}, id={2}, outcome={3}, path={4}, remote={5}]",
                    o.failedDeliveries, failing, r.entry().id(), r.outcome(), r.entry().path(), r.entry().remoteAddress());
            if (!entries.park(o, failing)) {
                takenOver++;
            }
            return;
        }
        long wait = FIRST_RETRY_MILLIS << (o.failedDeliveries - 1);
        LOG.log(Level.WARNING, "Playtcha ledger: a PlaytchaListener failed on a reconciliation; delivered again in {0} ms "
                + "to the listener(s) that failed, not to the others [listener={1}, id={2}, attempt {3} of {4}]",
                wait, failing, r.entry().id(), o.failedDeliveries, ATTEMPTS);
        if (!entries.retry(o, entries.clock.millis() + wait)) {
            takenOver++; // another node took it over meanwhile: it delivers it again
        }
    }

    /** The first delivery's dead letter and log line, then the listeners that owe it; whether they all took it. */
    private boolean told(OpenEntry o) {
        Reconciliation r = o.settled;
        if (o.failedDeliveries == 0) {
            if (r.outcome() == Outcome.EXPIRED) {
                entries.store().deadLetter(r, r.result() == null ? "no verdict within the token's lifetime"
                        : "Playtcha says the token expired");
            } else if (r.outcome() == Outcome.ABANDONED) {
                entries.store().deadLetter(r, "not re-verified: the ledger was closed first (kept in memory, or never stored by "
                        + "its database)");
            }
            log(r);
        }
        return delivered(o);
    }

    /** Hands the outcome to the listeners that owe it, keeping those that failed as owing; {@code true}: none failed. */
    private boolean delivered(OpenEntry o) {
        Reconciliation r = o.settled;
        try {
            List<PlaytchaListener> failed = listeners.deliver(r, o.owing);
            o.owing = failed.isEmpty() ? null : List.copyOf(failed);
            return failed.isEmpty();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // an Error from application code (a LinkageError after redeploy) too
            LOG.log(Level.WARNING, "Playtcha ledger: delivering a reconciliation failed [id=" + r.entry().id() + "]", e);
            return false; // who owes it is unknown: the same listeners as before hear it again
        }
    }

    /** The classes of the listeners that failed, for the log and the dead letter. */
    private static String names(List<PlaytchaListener> failed) {
        return failed == null ? "all" : failed.stream().map(l -> l.getClass().getName()).collect(Collectors.joining(","));
    }

    private static void log(Reconciliation r) {
        LedgerEntry e = r.entry();
        Level level = r.outcome() == Outcome.CONFIRMED ? Level.INFO : Level.WARNING;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "Playtcha ledger: a request let through during an outage is {0} "
                    + "[id={1}, code={2}, path={3}, remote={4}, cause={5}, at={6}, token_sha256={7}]",
                    r.outcome(), e.id(), r.code(), e.path(), e.remoteAddress(), e.cause(), e.time(), TokenDigest.hex(e.token()));
        }
    }

    /** The count of requests the ledger could not record, as a WARNING and a dead letter; then counting starts again. */
    void deadLetterUnrecorded() {
        Unrecorded u = entries.takeUnrecorded();
        if (u == null) {
            return;
        }
        String reason = "the ledger was full (playtcha.ledger.capacity=" + entries.capacity + ") or closed";
        LOG.log(Level.WARNING, "Playtcha ledger: {0} fail-open request(s) between {1} and {2} were not recorded: {3}",
                u.count(), u.first(), u.last(), reason);
        entries.store().deadLetterUnrecorded(u.count(), u.first(), u.last(), reason);
    }
}
