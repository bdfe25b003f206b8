package com.playtcha.jakarta.internal.ledger.journal;

import com.playtcha.jakarta.internal.ledger.LedgerStore.Unwritable;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

/**
 * A run of failed writes to one of the ledger's files, logged where it starts and where it ends,
 * and counted in between. A full disk fails every write: an ERROR with a stack trace per fail-open
 * request would only fill the next disk, and hide the one line that says what is wrong.
 *
 * <p>The first failure of a run is an ERROR (with its exception); the rest are counted; the first
 * write that works after it is an INFO with the count and when the run began. Cheap when nothing
 * fails: {@link #succeeded()} reads one volatile field.
 */
final class FailingWrites {

    private final System.Logger log;
    private final Clock clock;
    private final String file;
    private final Object place;
    private final String meanwhile;
    private volatile boolean failing;
    /** Guarded by {@code this}. */
    private long failures;
    private Instant since;

    /**
     * @param file      what is written, as the log names it: {@code journal}, {@code dead-letter file}
     * @param place     where, for the log lines (the journal, which shows its directory)
     * @param meanwhile what happens while it fails, for the ERROR line
     */
    FailingWrites(System.Logger log, Clock clock, String file, Object place, String meanwhile) {
        this.log = log;
        this.clock = clock;
        this.file = file;
        this.place = place;
        this.meanwhile = meanwhile;
    }

    /** A write failed: logged when it is the first of a run, else counted. */
    void failed(Exception cause, String where) {
        synchronized (this) {
            failures++;
            if (failing) {
                return;
            }
            failing = true;
            since = clock.instant();
        }
        log.log(Level.ERROR, "Playtcha ledger " + file + " cannot be written; " + meanwhile
                + ". Logged once until it works again [" + where + ", error=" + cause + ", " + place + "]", cause);
    }

    /** The current run of failures, said in {@code message}, or {@code null} while writes work. */
    Unwritable unwritable(String message) {
        if (!failing) {
            return null;
        }
        synchronized (this) {
            return failing ? new Unwritable(since, message) : null;
        }
    }

    /** A write worked: ends a run of failures with one line. */
    void succeeded() {
        if (!failing) {
            return;
        }
        long count;
        Instant from;
        synchronized (this) {
            if (!failing) {
                return;
            }
            failing = false;
            count = failures;
            from = since;
            failures = 0;
        }
        log.log(Level.INFO, "Playtcha ledger " + file + " is written again [failed_writes=" + count + ", since=" + from + ", " + place + "]");
    }
}
