package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What each step of an entry costs on PostgreSQL, on the happy path: one connection and one statement
 * each (a claim, a post's check, the outcome, the delivery's record), no transaction ended by hand.
 */
class StatementsPerStepTest {

    private static final String NAME = "java:comp/env/jdbc/statements";

    @Test
    void aClaimAndEachStepOfAnEntry_areOneStatementEach_onTheHappyPath() {
        try (HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), 4)) {
            CountingDataSource db = new CountingDataSource(pool);
            PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_statements").ledgerDataSource(NAME).build().ledger();
            SharedStore store = JdbcStore.open(db, NAME, settings, VerifierClock.SYSTEM, "playtcha-ledger");
            try {
                LedgerEntry entry = new LedgerEntry(UUID.randomUUID().toString(), "token-counted", Instant.now(), "/signup",
                        "198.51.100.7", "timeout");
                Reconciliation outcome = new Reconciliation(entry, Reconciliation.Outcome.CONFIRMED,
                        new VerificationResult.Verified(false, "req-1"), Instant.now());

                assertEquals("1 connection, 1 statement, 0 ends", cost(db, () -> store.claim(entry, Duration.ofSeconds(10), true), Claim.CLAIMED));
                assertEquals("1 connection, 1 statement, 0 ends", cost(db, () -> store.posting(entry.id()), Hold.HELD));
                assertEquals("1 connection, 1 statement, 0 ends", cost(db, () -> store.settled(outcome), Hold.HELD));
                assertEquals("1 connection, 1 statement, 0 ends", cost(db, () -> store.reported(entry.id()), Hold.HELD));
                assertEquals("1 connection, 2 statements, 0 ends", cost(db, () -> store.reported(entry.id()), Hold.LOST),
                        "a step that changed nothing asks whether the row is there");
            } finally {
                store.close(Duration.ofSeconds(1));
            }
        }
    }

    private static <T> String cost(CountingDataSource db, Supplier<T> step, T expected) {
        long connections = db.connections();
        long statements = db.statements();
        long ends = db.ends();
        assertEquals(expected, step.get());
        long s = db.statements() - statements;
        return (db.connections() - connections) + " connection, " + s + (s == 1 ? " statement, " : " statements, ")
                + (db.ends() - ends) + " ends";
    }
}
