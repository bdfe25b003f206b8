package com.playtcha.jakarta.internal.ledger;

import java.time.Instant;

/** Fail-open requests that were not recorded (the ledger full or closed), between {@code first} and {@code last}. */
record Unrecorded(long count, Instant first, Instant last) {

    /** The running count; guarded by its owner's lock. */
    static final class Count {
        private long count;
        private Instant first;
        private Instant last;

        /** Counts one at {@code now}; {@code true} when it is the first of a run. */
        boolean first(Instant now) {
            last = now;
            if (count++ == 0) {
                first = now;
                return true;
            }
            return false;
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
