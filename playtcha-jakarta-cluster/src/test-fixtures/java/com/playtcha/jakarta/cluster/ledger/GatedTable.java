package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A {@link LedgerTable} in front of another: counts its calls by kind ({@code insert}, a step's
 * {@link LedgerTable.Kind}, {@code adopt}, ...), and while its {@link Gate} is away fails every
 * call unsent, without reaching the table (a run of failures, as {@link #unwritable} shows, until a call passes).
 */
final class GatedTable implements LedgerTable {

    /** What several gated tables share: the count of calls, and whether they fail. */
    static final class Gate {
        volatile boolean away;
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        /** The run of calls failed while away, until one passes. */
        private volatile Unwritable failing;

        int calls(String kind) {
            AtomicInteger n = calls.get(kind);
            return n == null ? 0 : n.get();
        }

        /** Every call counted so far, of every kind. */
        int calls() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private boolean passes(String kind) {
            boolean fails = away; // read before the call is counted: a test that sees the count knows how the call went
            calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            if (fails && failing == null) {
                failing = new Unwritable(Instant.now(), "the table is away (test)");
            } else if (!fails) {
                failing = null;
            }
            return !fails;
        }
    }

    private static final Attempt AWAY = new Attempt(Sent.UNSENT, "away (test)");

    private final LedgerTable table;
    private final Gate gate;

    GatedTable(LedgerTable table, Gate gate) {
        this.table = table;
        this.gate = gate;
    }

    @Override
    public Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted) {
        return gate.passes("insert") ? table.insert(entry, owner, bound, wanted) : AWAY;
    }

    @Override
    public Attempt step(String id, String owner, Step step) {
        return gate.passes(step.kind().name()) ? table.step(id, owner, step) : AWAY;
    }

    @Override
    public Attempt withdraw(String id, String owner, Duration bound) {
        return gate.passes("withdraw") ? table.withdraw(id, owner, bound) : AWAY;
    }

    @Override
    public Attempt probe(Duration bound) {
        return gate.passes("probe") ? table.probe(bound) : AWAY;
    }

    @Override
    public List<StoredEntry> adopt(String owner, long leaseMillis, int room) {
        return gate.passes("adopt") ? table.adopt(owner, leaseMillis, room) : List.of();
    }

    @Override
    public boolean renew(String owner) {
        return gate.passes("renew") && table.renew(owner);
    }

    @Override
    public boolean release(String owner) {
        return gate.passes("release") && table.release(owner);
    }

    @Override
    public boolean purge(long retentionMillis) {
        return gate.passes("purge") && table.purge(retentionMillis);
    }

    @Override
    public Unwritable unwritable() {
        Unwritable gated = gate.failing;
        return gated != null ? gated : table.unwritable();
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
