package com.playtcha.jakarta.internal.ledger;

import java.lang.System.Logger.Level;
import java.time.Instant;

/** Fail-open requests that were not recorded (the ledger full or closed), between {@code first} and {@code last}. */
record Unrecorded(long count, Instant first, Instant last) {

    /** The running count; guarded by its owner's lock. */
    static final class Count {
        private static final System.Logger LOG = System.getLogger(OpenEntries.class.getName());
        private long count;
        private Instant first;
        private Instant last;

        /** Counts one request at {@code now}; the first of a run is logged at WARNING. */
        void count(Instant now, boolean closed, int open, int capacity, String path, String remoteAddress) {
            last = now;
            if (count++ == 0) {
                first = now;
                LOG.log(Level.WARNING, "Playtcha ledger is {0}: fail-open requests are not recorded, only counted "
                        + "[open={1}, playtcha.ledger.capacity={2}, path={3}, remote={4}]",
                        closed ? "closed" : "full", open, capacity, path, remoteAddress);
            }
        }

        /** The run so far, or {@code null} when there was none; then counting starts again. */
        Unrecorded take() {
            if (count == 0) {
                return null;
            }
            Unrecorded taken = new Unrecorded(count, first, last);
            count = 0;
            return taken;
        }
    }
}
