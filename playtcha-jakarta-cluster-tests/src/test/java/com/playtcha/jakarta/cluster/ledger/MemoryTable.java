package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@link LedgerTable} in memory, as {@code playtcha_ledger} behaves: rows unique by token, each step
 * a compare-and-set on owner and state, leases dated on the table's clock (a {@code ManualClock} in
 * tests, so that leases run out without waiting). Several {@link TableStore}s over one table are
 * several nodes. It never fails.
 */
final class MemoryTable implements LedgerTable {

    private static final class Row {
        LedgerEntry entry;
        String owner;
        String state = "open";
        boolean posted;
        Reconciliation settled;
        int failures;
        Instant claimedAt;
        Instant doneAt;
    }

    private final Clock clock;
    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, String> byToken = new HashMap<>();

    MemoryTable(Clock clock) {
        this.clock = clock;
    }

    /** The row's state, owner, posted flag, outcome and token, or {@code null} when there is no row. */
    synchronized String row(String id) {
        Row r = rows.get(id);
        return r == null ? null : r.state + " owner=" + r.owner + " posted=" + r.posted + " outcome="
                + (r.settled == null ? null : r.settled.outcome().name()) + " token=" + r.entry.token();
    }

    /** When the row's lease was last renewed, or {@code null} when there is no row. */
    synchronized Instant leasedAt(String id) {
        Row r = rows.get(id);
        return r == null ? null : r.claimedAt;
    }

    /** How many rows there are. */
    synchronized int size() {
        return rows.size();
    }

    @Override
    public synchronized Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted) {
        if (!wanted.getAsBoolean()) {
            return new Attempt(Sent.UNSENT, "no longer wanted");
        }
        String holder = byToken.get(entry.token());
        if (holder != null) {
            if (holder.equals(entry.id())) {
                return new Attempt(Sent.MADE, null);
            }
            return new Attempt(rows.get(holder).entry.time().isAfter(entry.time()) ? Sent.TAKEN_LATER : Sent.TAKEN, null);
        }
        Row r = new Row();
        r.entry = entry;
        r.owner = owner;
        r.claimedAt = clock.instant();
        rows.put(entry.id(), r);
        byToken.put(entry.token(), entry.id());
        return new Attempt(Sent.MADE, null);
    }

    @Override
    public synchronized Attempt step(String id, String owner, Step step) {
        Row r = rows.get(id);
        if (r == null) {
            return new Attempt(Sent.ABSENT, null);
        }
        boolean open = r.state.equals("open");
        boolean mine = owner.equals(r.owner);
        Instant now = clock.instant();
        switch (step.kind()) {
            case POSTING -> {
                if (!mine || !open) {
                    return new Attempt(Sent.TAKEN, null);
                }
                r.posted = true;
                r.claimedAt = now;
            }
            case SETTLED -> {
                if (!mine || !(open || r.state.equals("settled"))) {
                    return new Attempt(Sent.TAKEN, null);
                }
                r.state = "settled";
                LedgerEntry e = r.entry;
                r.entry = new LedgerEntry(e.id(), "", e.time(), e.path(), e.remoteAddress(), e.cause());
                Reconciliation s = step.settled();
                r.settled = new Reconciliation(r.entry, s.outcome(), s.result(), s.time());
                r.claimedAt = now;
            }
            case FAILED -> {
                if (!mine || r.failures > step.failures()) {
                    return new Attempt(Sent.TAKEN, null);
                }
                r.failures = step.failures();
            }
            default -> {
                if (!mine) {
                    return new Attempt(Sent.TAKEN, null);
                }
                r.state = step.kind() == Kind.REPORTED ? "reported" : "parked";
                r.failures = step.kind() == Kind.PARKED ? step.failures() : r.failures;
                r.owner = null;
                r.doneAt = now;
            }
        }
        return new Attempt(Sent.MADE, null);
    }

    @Override
    public synchronized Attempt withdraw(String id, String owner, Duration bound) {
        Row r = rows.get(id);
        if (r != null && owner.equals(r.owner) && r.state.equals("open")) {
            remove(id);
        }
        return new Attempt(Sent.MADE, null);
    }

    private void remove(String id) {
        rows.remove(id);
        byToken.values().remove(id);
    }

    @Override
    public Attempt probe(Duration bound) {
        return new Attempt(Sent.MADE, null);
    }

    @Override
    public synchronized List<StoredEntry> adopt(String owner, long leaseMillis, int room) {
        Instant expired = clock.instant().minusMillis(leaseMillis);
        List<Row> orphans = rows.values().stream()
                .filter(r -> (r.state.equals("open") || r.state.equals("settled")) && r.claimedAt.isBefore(expired)
                        && !owner.equals(r.owner))
                .sorted(Comparator.comparing(r -> r.entry.time())).limit(room).toList();
        List<StoredEntry> taken = new ArrayList<>();
        for (Row r : orphans) {
            r.owner = owner;
            r.claimedAt = clock.instant();
            taken.add(new StoredEntry(r.entry, r.posted, r.settled, r.failures));
        }
        return taken;
    }

    @Override
    public synchronized boolean renew(String owner) {
        return lease(owner, clock.instant());
    }

    @Override
    public synchronized boolean release(String owner) {
        return lease(owner, Instant.MIN);
    }

    private boolean lease(String owner, Instant at) {
        rows.values().stream().filter(r -> owner.equals(r.owner) && (r.state.equals("open") || r.state.equals("settled")))
                .forEach(r -> r.claimedAt = at);
        return true;
    }

    @Override
    public synchronized boolean purge(long retentionMillis) {
        Instant before = clock.instant().minusMillis(retentionMillis);
        List<String> old = new ArrayList<>();
        rows.forEach((id, r) -> {
            if (r.doneAt != null && r.doneAt.isBefore(before)) {
                old.add(id);
            }
        });
        old.forEach(this::remove);
        return true;
    }

    @Override
    public Unwritable unwritable() {
        return null;
    }

    @Override
    public String toString() {
        return "memory table";
    }
}
