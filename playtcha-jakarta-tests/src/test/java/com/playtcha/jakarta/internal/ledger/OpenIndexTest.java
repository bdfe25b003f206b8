package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's index of open entries: every entry found by its token, counted, removed, and listed
 * in the order recorded; a token held while any open entry has it.
 */
class OpenIndexTest {

    @Test
    void aTokenHeldByTwoEntries_staysHeld_untilBothLeave() {
        OpenIndex index = new OpenIndex(10_000);
        OpenEntry first = entry("twice");
        OpenEntry second = entry("twice");
        index.put(first);
        index.put(second);

        assertTrue(index.remove(first));
        assertTrue(index.holds("twice"), "the second still has it");
        assertTrue(index.remove(second));
        assertFalse(index.holds("twice"));
    }

    @Test
    void manyEntries_areFoundCountedAndRemoved_inTheOrderRecorded() {
        int capacity = 50_000;
        OpenIndex index = new OpenIndex(capacity);
        List<OpenEntry> recorded = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            OpenEntry o = entry("token-" + i);
            recorded.add(o);
            index.put(o);
        }
        assertEquals(capacity, index.size());
        assertEquals(recorded, index.list());
        assertTrue(recorded.stream().allMatch(o -> index.holds(o.entry.token())));
        assertFalse(index.holds("token-" + capacity));

        List<OpenEntry> kept = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            if (i % 2 == 0) {
                assertTrue(index.remove(recorded.get(i)));
            } else {
                kept.add(recorded.get(i));
            }
        }
        assertEquals(capacity / 2, index.size());
        assertEquals(kept, index.list(), "the rest, still in order");
        assertFalse(index.holds("token-0"), "a removed entry's token is free again");
        assertTrue(index.holds("token-1"));
        assertFalse(index.remove(recorded.get(0)), "removed once only");

        index.put(recorded.get(0)); // a retried delivery: back, and last
        assertEquals(recorded.get(0), index.list().get(capacity / 2));
        kept.forEach(index::remove);
        index.remove(recorded.get(0));
        assertEquals(0, index.size());
        assertEquals(List.of(), index.list());
        index.put(recorded.get(3));
        assertEquals(List.of(recorded.get(3)), index.list(), "and it starts again from empty");
    }

    @Test
    void anEntryWithAnIdAlreadyOpen_replacesItWhereItStands_asTheMapBeforeDid() {
        OpenIndex index = new OpenIndex(10_000);
        OpenEntry a = entry("a");
        OpenEntry b = entry("b");
        OpenEntry c = entry("c");
        List.of(a, b, c).forEach(index::put);
        OpenEntry b2 = new OpenEntry(b.entry, 0, true, null, 0); // the same row taken over again
        index.put(b2);
        assertEquals(List.of(a, b2, c), index.list());
        assertEquals(3, index.size());
        assertTrue(index.holds("b"));
        assertTrue(index.remove(b), "by id: whatever stands under it");
        assertEquals(List.of(a, c), index.list());
        assertFalse(index.holds("b"), "held once, by what stood under the id");
        assertTrue(index.remove(c) && index.remove(a));
        assertEquals(0, index.size());
    }

    private static OpenEntry entry(String token) {
        LedgerEntry e = new LedgerEntry(UUID.randomUUID().toString(), token, Instant.EPOCH, "/signup", "203.0.113.7", "timeout");
        return new OpenEntry(e, 0, false, null, 0);
    }
}
