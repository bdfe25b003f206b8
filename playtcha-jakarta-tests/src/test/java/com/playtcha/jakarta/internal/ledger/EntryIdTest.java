package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's entry ids, made from a DRBG seeded at the start rather than by {@link UUID#randomUUID} (which reads
 * {@code /dev/urandom} in a request, a blocking call on an event loop): random UUIDs of the same form, never repeated.
 */
class EntryIdTest {

    @Test
    void anId_isARandomUuid_andNoTwoAreTheSame() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = OpenEntries.newId();
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(uuid.toString(), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
