package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.spi.store.LedgerStore;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger store contract on memory: nothing outlives the store, and a dead letter is a WARNING line. */
class MemoryStoreContractTest extends LedgerStoreContract {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Override
    protected LedgerStore open() {
        return new MemoryStore();
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Override
    protected String deadLetter(String id) {
        return log.lines(Level.WARNING).stream().filter(l -> l.startsWith("Playtcha ledger dead letter") && l.contains("id=" + id))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + id + ": " + log.everything()));
    }
}
