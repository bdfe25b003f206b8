package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.ledger.LedgerStoreContract;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger store contract (one node's promises) on the shared store's protocol over a
 * {@link MemoryTable}: each store opened is another node on the same rows, whose leases run on the
 * suite's clock; the stores pace themselves on the system clock, as {@link JdbcStoreContractTest}'s do.
 * Its writes fail while the gate in front of the table is away.
 */
class MemoryTableStoreContractTest extends LedgerStoreContract {

    private final MemoryTable table = new MemoryTable(clock);
    private final List<GatedTable.Gate> gates = new ArrayList<>();
    private volatile boolean broken;

    @Override
    protected LedgerStore open() {
        PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_contract").ledgerDataSource("jdbc/memory").build().ledger();
        GatedTable.Gate gate = new GatedTable.Gate();
        gates.add(gate);
        TableStore store = new TableStore(new GatedTable(table, gate), settings, VerifierClock.SYSTEM, "playtcha-ledger");
        gate.away = broken;
        return store;
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected String deadLetter(String id) {
        return table.row(id);
    }

    @Override
    protected boolean breakWrites() {
        broken = true;
        return true;
    }

    @Override
    protected void repairWrites() {
        broken = false;
        gates.forEach(g -> g.away = false);
    }
}
