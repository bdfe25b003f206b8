package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The token's claim in one JVM, on the embedded PostgreSQL: what the happy path costs (nothing),
 * the store's answers in time and late, and the schema's version 2. The cluster itself:
 * {@link ClusterClaimsTest}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class TokenClaimsTest {

    private static void await(JdbcStoreTest.Check check, String what) throws Exception {
        JdbcStoreTest.await(check, what);
    }

    static final String JNDI = "java:comp/env/jdbc/claims-test";
    static final Duration WAIT = Duration.ofMillis(250);

    private HikariDataSource pool;
    private ControlledDataSource db;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        db = new ControlledDataSource(pool);
        TestNaming.bind(JNDI, db);
    }

    @AfterEach
    void close() {
        TestNaming.unbind(JNDI);
        pool.close();
    }

    /** No verify here is to time out: with 2 s, two of 50 did beside other builds (load 40), failed open and claimed. */
    private PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Duration.ofSeconds(10)).breakerEnabled(false)
                .ledgerDataSource(JNDI);
    }

    private static PlaytchaSettings.Ledger ledger() {
        return PlaytchaSettings.builder("sk_test_claims").ledgerDataSource(JNDI).build().ledger();
    }

    private static LedgerEntry entry(String token) {
        return new LedgerEntry(UUID.randomUUID().toString(), token, Instant.now(), "/signup", "198.51.100.7", "timeout");
    }

    @Test
    void thePathWherePlaytchaAnswers_asksTheDatabaseNothing_onlyAFailOpenClaims(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            String me = Thread.currentThread().getName();
            int atStart = db.callers().size(); // the start's own: the schema, the first look for orphans
            for (int i = 0; i < 50; i++) {
                assertTrue(verifier.verify(sim.mintToken(), null, "/signup", Policy.of(settings)).proceeds()); // no address: no budget
            }
            List<String> during = List.copyOf(db.callers().subList(atStart, db.callers().size()));
            assertFalse(during.stream().anyMatch(c -> c.equals(me) || c.endsWith("-claim")), "no connection for a verdict: " + during);

            sim.inject(Fault.serverError(503, "db_error"));
            Verification failedOpen = verifier.verify(sim.mintToken(), "198.51.100.7", "/signup", Policy.of(settings));
            assertTrue(failedOpen.proceeds() && !failedOpen.heldLocally() && failedOpen.ledgerEntry() != null);
            assertEquals(1, db.callers().stream().filter(c -> c.endsWith("-claim")).count(), "one claim: " + db.callers());
            assertFalse(db.callers().subList(atStart, db.callers().size()).contains(me),
                    "the request's own thread never takes a connection");
        }
    }

    @Test
    void aClaim_isTheRow_aSecondOnTheSameToken_isTaken_andTheHashOutlivesTheToken() throws Exception {
        TableStore a = JdbcStore.open(db, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        TableStore b = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-b");
        try {
            LedgerEntry first = entry("token-claimed");
            assertEquals(Claim.CLAIMED, a.claim(first, WAIT, true));
            assertEquals(Claim.TAKEN, b.claim(entry("token-claimed"), WAIT, true));
            assertEquals(Claim.TAKEN, a.claim(entry("token-claimed"), WAIT, false), "on the same node too");
            assertEquals(Claim.CLAIMED, b.claim(entry("token-other"), WAIT, true));
            assertArrayEquals(LedgerRows.hash("token-claimed"), hash(first.id()));
            assertEquals(0, a.unwritten());

            update("UPDATE playtcha_ledger SET token = NULL, state = 'reported' WHERE id = '" + first.id() + "'");
            assertEquals(Claim.TAKEN, b.claim(entry("token-claimed"), WAIT, true), "reported, its claim still stands");
        } finally {
            a.close(Duration.ofSeconds(1));
            b.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aClaimWithNoAnswerInTime_isUnknown_andItsLateAnswerStillCounts() throws Exception {
        TableStore a = JdbcStore.open(db, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        TableStore b = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-b");
        try {
            db.stall(60_000);
            LedgerEntry held = entry("token-held-locally");
            assertEquals(Claim.UNKNOWN, a.claim(held, WAIT, true), "the request goes on after the wait, not later");
            assertEquals(1, a.unwritten(), "held in memory until its row is written");
            db.work();
            await(() -> a.unwritten() == 0, "the late claim's insert is made by the writer");
            assertEquals(1, count("SELECT count(*) FROM playtcha_ledger WHERE id = '" + held.id() + "'"));
            assertEquals(Claim.TAKEN, b.claim(entry("token-held-locally"), WAIT, true), "and holds the token for the cluster");

            db.fail("Connection refused");
            LedgerEntry duplicate = entry("token-claimed-elsewhere");
            assertEquals(Claim.UNKNOWN, a.claim(duplicate, WAIT, true), "a database away answers at once");
            assertEquals(Claim.CLAIMED, b.claim(entry("token-claimed-elsewhere"), WAIT, true), "another node lets it through, after");
            db.work();
            Map<String, Reconciliation.Outcome> back = new java.util.HashMap<>();
            await(() -> {
                back.putAll(a.refused());
                return !back.isEmpty();
            }, "the writer's insert finds the token taken");
            assertEquals(Map.of(duplicate.id(), Reconciliation.Outcome.AMBIGUOUS), back,
                    "handed back: another node let it through after this one, so which pass was the user's cannot be told");
            assertEquals(0, count("SELECT count(*) FROM playtcha_ledger WHERE id = '" + duplicate.id() + "'"));

            db.stall(60_000);
            LedgerEntry refused = entry("token-refused");
            assertEquals(Claim.UNKNOWN, a.claim(refused, WAIT, false));
            db.work();
            assertEquals(Claim.CLAIMED, b.claim(entry("token-refused"), WAIT, true), "a refused request leaves no claim");
        } finally {
            a.close(Duration.ofSeconds(1));
            b.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void afterAClaimWithNoAnswer_theNextClaimsDoNotWait_oneProbeAtATimeAsksTheDatabase_andItsAnswerEndsThat() throws Exception {
        TableStore a = JdbcStore.open(db, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        try {
            db.fail("Connection refused");
            assertEquals(Claim.UNKNOWN, a.claim(entry("token-first"), WAIT, true), "the database is away");
            assertEquals(1, claimCalls());
            db.work();
            db.stall(60_000); // from now on a claim that asks the database is stuck there
            for (int i = 0; i < 20; i++) {
                assertEquals(Claim.UNKNOWN, a.claim(entry("token-next-" + i), WAIT, true));
            }
            await(() -> claimCalls() == 2, "one probe asks the database");
            assertEquals(2, claimCalls(), "twenty claims, none waited for the database: the first and one probe asked it, "
                    + "the others went to the writer " + db.callers());

            db.work(); // the stalled calls give up; the writer then inserts the held entries
            await(() -> a.unwritten() == 0, "every held entry written once the database answers");
            LedgerEntry probe = entry("token-probe");
            assertEquals(Claim.UNKNOWN, a.claim(probe, WAIT, true), "still unanswered: a probe, not a wait");
            await(() -> count("SELECT count(*) FROM playtcha_ledger WHERE id = '" + probe.id() + "'") == 1,
                    "the probe's insert is its claim");
            await(() -> a.claim(entry("token-" + UUID.randomUUID()), WAIT, true) == Claim.CLAIMED,
                    "the probe's answer makes claims wait for the database again");
        } finally {
            a.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHeldLocallyPass_ofATokenAnotherNodeLetThroughBefore_isReportedRejectedAlreadyRedeemed(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = settings(sim).build();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        sim.inject(Fault.serverError(503, "db_error"));
        TableStore other = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-b");
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                heard.add(r);
            }
        })) {
            String token = sim.mintToken();
            LedgerEntry before = new LedgerEntry(UUID.randomUUID().toString(), token, Instant.now().minusSeconds(1), "/signup",
                    "198.51.100.8", "timeout");
            assertEquals(Claim.CLAIMED, other.claim(before, WAIT, true), "another node lets the token through first");
            db.fail("Connection refused");
            Verification v = verifier.verify(token, "198.51.100.7", "/signup", Policy.of(settings));
            assertTrue(v.proceeds() && v.heldLocally() && v.ledgerEntry() != null, v.toString());
            int posts = sim.callCount(token);
            db.work();
            await(() -> heard.stream().anyMatch(r -> r.entry().id().equals(v.ledgerEntry().id())), "the duplicate is reported");
            Reconciliation r = heard.stream().filter(h -> h.entry().id().equals(v.ledgerEntry().id())).findFirst().orElseThrow();
            assertEquals(Reconciliation.Outcome.REJECTED, r.outcome(), "this pass was the replay");
            assertEquals(FailOpenLedger.TAKEN, r.result());
            assertEquals(posts, sim.callCount(token), "its token is never posted again");
        } finally {
            other.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHeldLocallyPass_thatAnotherNodeRepeatedAfter_isReportedAmbiguous_neverPosted(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings settings = settings(sim).build();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        sim.inject(Fault.serverError(503, "db_error"));
        TableStore other = JdbcStore.open(pool, JNDI, ledger(), VerifierClock.SYSTEM, "node-b");
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                heard.add(r);
            }
        })) {
            String token = sim.mintToken();
            db.fail("Connection refused");
            Verification v = verifier.verify(token, "198.51.100.7", "/signup", Policy.of(settings));
            assertTrue(v.proceeds() && v.heldLocally() && v.ledgerEntry() != null, v.toString());
            assertEquals(Claim.CLAIMED, other.claim(entry(token), WAIT, true), "another node lets the token through after");
            int posts = sim.callCount(token);
            db.work();
            sim.clearFaults();
            await(() -> !heard.isEmpty(), "the duplicate is reported");
            Reconciliation r = heard.get(0);
            assertEquals(v.ledgerEntry().id(), r.entry().id());
            assertEquals(Reconciliation.Outcome.AMBIGUOUS, r.outcome(), "this node's pass came first: which was the user's cannot be told");
            assertEquals(FailOpenLedger.TAKEN_AFTER, r.result());
            assertEquals(posts, sim.callCount(token), "its token is never posted again");
            assertEquals("already_redeemed", verifier.verify(token, "198.51.100.7", "/signup", Policy.of(settings))
                    .result().errorCode(), "and it stays refused here");
        } finally {
            other.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void refuse_blocksARequestWhoseClaimGetsNoAnswer_with503(PlaytchaSimulator sim) {
        PlaytchaSettings settings = settings(sim).ledgerHoldLocally(false).build();
        sim.inject(Fault.serverError(503, "db_error"));
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            db.fail("Connection refused");
            Verification v = verifier.verify(sim.mintToken(), "198.51.100.7", "/signup", Policy.of(settings));
            assertFalse(v.proceeds());
            assertEquals(503, v.decision().status());
            assertEquals("claim_unavailable", v.result().errorCode());
            assertNull(v.ledgerEntry());
            assertFalse(v.heldLocally());
            assertEquals("com.playtcha.held-locally", DecisionAttributes.HELD_LOCALLY);
        }
    }

    @Test
    void aVersion1Table_isMigrated_itsOpenRowsClaimTheirTokens_andWithoutCreateSchemaItIsRefused() throws Exception {
        List<String> version1 = LedgerSchema.statements().stream()
                .filter(s -> !s.contains("token_hash") && !s.contains("VALUES (2)")).toList();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String sql : version1) {
                s.execute(sql);
            }
            for (int i = 0; i < 2; i++) {
                s.execute("INSERT INTO playtcha_ledger (id, token, recorded_at, cause, owner, claimed_at) VALUES ('old-" + i
                        + "', 'token-old', now() - interval '" + (2 - i) + " seconds', 'timeout', 'gone', now())");
            }
            s.execute("INSERT INTO playtcha_ledger (id, token, recorded_at, cause, owner, claimed_at, state) VALUES ('settled', "
                    + "NULL, now(), 'timeout', 'gone', now(), 'settled')");
        }
        InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> JdbcStore.open(db, JNDI,
                PlaytchaSettings.builder("sk_test_claims").ledgerDataSource(JNDI).ledgerCreateSchema(false).build().ledger(),
                VerifierClock.SYSTEM, "node-a"));
        assertTrue(refused.getMessage().contains("playtcha.ledger.create-schema") && refused.getMessage().contains("version 1"),
                refused.getMessage());

        TableStore store = JdbcStore.open(db, JNDI, ledger(), VerifierClock.SYSTEM, "node-a");
        try {
            assertEquals(2, count("SELECT max(version) FROM playtcha_ledger_schema"));
            assertEquals(1, count("SELECT count(*) FROM playtcha_ledger WHERE id = 'old-0' AND token_hash IS NOT NULL"),
                    "the first open row of a token claims it");
            assertEquals(2, count("SELECT count(*) FROM playtcha_ledger WHERE token_hash IS NULL"),
                    "a second row of the same token, and a settled row (its token erased), claim nothing");
            assertEquals(Claim.TAKEN, store.claim(entry("token-old"), WAIT, true), "a token let through before the upgrade stays held");
            assertEquals(Claim.CLAIMED, store.claim(entry("token-new"), WAIT, true));
        } finally {
            store.close(Duration.ofSeconds(1));
        }
    }

    private byte[] hash(String id) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT token_hash FROM playtcha_ledger WHERE id = '" + id + "'")) {
            assertTrue(r.next());
            return r.getBytes(1);
        }
    }

    /** The connections the claim threads asked for. */
    private long claimCalls() {
        return db.callers().stream().filter(c -> c.endsWith("-claim")).count();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
