package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.spi.store.VerifierClock;
import java.nio.file.Path;

/**
 * A JVM with a small heap that opens a ledger directory and replays its journal, for
 * {@link LedgerJournalTest}: prints {@code OPEN <entries>} and exits 0, or dies (an
 * {@link OutOfMemoryError} exits non-zero) if replay needs more memory than the heap it was given.
 *
 * <p>Arguments: ledger directory, capacity.
 */
public final class LedgerReplayChild {

    private LedgerReplayChild() {
    }

    public static void main(String[] args) throws Exception {
        try (JournalStore journal = JournalStore.open(Path.of(args[0]), Integer.parseInt(args[1]), VerifierClock.SYSTEM)) {
            System.out.println("OPEN " + journal.replay().size());
        }
    }
}
