package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;

/**
 * A run of failed writes to one of the ledger's files, logged where it starts and where it ends.
 * The first failure of a run is an ERROR, the rest are counted, and the first write that works after
 * it is an INFO with the count. Called under its store's lock. Why: design/ledger.md.
 */
final class FailingWrites {

    private final System.Logger log;
    private final VerifierClock clock;
    private final String file;
    private final Object place;
    private final String meanwhile;
    private final String status;
    /** The run of failures, or {@code null} while writes work. */
    private volatile Unwritable run;
    private long failures;

    /**
     * @param file      what is written, as the log names it: {@code journal}, {@code dead-letter file}
     * @param place     where, for the log lines (the store, which shows its directory)
     * @param meanwhile what happens while it fails, for the ERROR line
     * @param status    what {@link #unwritable()} says of a run, for the status
     */
    FailingWrites(System.Logger log, VerifierClock clock, String file, Object place, String meanwhile, String status) {
        this.log = log;
        this.clock = clock;
        this.file = file;
        this.place = place;
        this.meanwhile = meanwhile;
        this.status = status;
    }

    /** A write failed: logged when it is the first of a run, else counted. */
    void failed(Exception cause, String where) {
        failures++;
        if (run == null) {
            run = new Unwritable(clock.instant(), status);
            log.log(Level.ERROR, "Playtcha ledger " + file + " cannot be written; " + meanwhile
                    + ". Logged once until it works again [" + where + ", error=" + cause + ", " + place + "]", cause);
        }
    }

    /** The current run of failures, or {@code null} while writes work. */
    Unwritable unwritable() {
        return run;
    }

    /** A write worked: ends a run of failures with one line. */
    void succeeded() {
        Unwritable ended = run;
        if (ended != null) {
            run = null;
            log.log(Level.INFO, "Playtcha ledger " + file + " is written again [failed_writes=" + failures + ", since="
                    + ended.since() + ", " + place + "]");
            failures = 0;
        }
    }
}
