package com.playtcha.jakarta.cluster.ledger;

import java.time.Duration;

/** The shared store's contract on {@link MemoryTable}, whose leases run on the suite's clock. */
class MemoryTableContractTest extends SharedStoreContract {

    private final MemoryTable table = new MemoryTable(clock);

    @Override
    protected LedgerTable table() {
        return table;
    }

    @Override
    protected void age(Duration by) {
        // the table reads the suite's clock, which has moved
    }
}
