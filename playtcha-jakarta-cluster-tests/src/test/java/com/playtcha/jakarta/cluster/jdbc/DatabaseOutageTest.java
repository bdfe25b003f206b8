package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that stops answering while Playtcha is down too: the pool's {@code getConnection} waits
 * seconds ({@link ControlledDataSource#stall}, in front of a real PostgreSQL), as a pool waits for a
 * database that went away. A fail-open request still records at once, the status still answers at
 * once while the ledger's own threads wait for the database, and what was recorded meanwhile is in
 * the table once the database is back, then reconciled and reported once.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class DatabaseOutageTest {

    private static final String JNDI = "java:comp/env/jdbc/ledger-outage";
    private static final long STALL_MILLIS = 5_000;

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
        db.work();
        TestNaming.unbind(JNDI);
        pool.close();
    }

    @Test
    void aStalledDatabase_holdsNoRequestNorTheStatus_andTheEntriesReachTheTableOnceItIsBack(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT)
                .breakerEnabled(false).ledgerDataSource(JNDI).ledgerLease(Duration.ofSeconds(1)).build();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        sim.inject(Fault.serverError(503, "db_error"));
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, JdbcStoreTest.listener(heard))) {
            List<String> recorded = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                recorded.add(failOpen(verifier, settings, sim.mintToken()).entry().id());
            }
            await(() -> recorded.stream().allMatch(id -> rows(id) == 1), "stored while the database answers");

            db.stall(STALL_MILLIS);
            await(() -> db.stalls() >= 1, "the ledger's own threads wait for the database now");
            long reporting = 0;
            long slowestStatus = 0;
            for (int i = 0; i < 10; i++) {
                Recorded r = failOpen(verifier, settings, sim.mintToken());
                reporting += r.nanos();
                recorded.add(r.entry().id());
                long start = System.nanoTime();
                VerifierStatus status = verifier.status();
                slowestStatus = Math.max(slowestStatus, System.nanoTime() - start);
                assertEquals(11 + i, status.ledgerOpen());
            }
            // One record that waited for the database would take a whole stall; ten requests, posts included, take far less.
            assertTrue(reporting < STALL_MILLIS / 2 * 1_000_000L, "10 fail-open requests while getConnection waits "
                    + STALL_MILLIS + " ms took " + reporting / 1_000_000 + " ms");
            // a status that waited for the database would take a whole stall
            assertTrue(slowestStatus < STALL_MILLIS / 2 * 1_000_000L, "status() took up to " + slowestStatus / 1_000_000 + " ms");
            await(() -> verifier.status().localFault() != null, "the fault is shown once the pool gives up waiting");
            assertTrue(recorded.subList(10, 20).stream().allMatch(id -> rows(id) == 0), "not stored yet");

            db.work();
            await(() -> recorded.stream().allMatch(id -> rows(id) == 1), "the entries of the outage are in the table");
            await(() -> verifier.status().localFault() == null, "and the fault clears");

            sim.clearFaults();
            await(() -> heard.size() >= recorded.size(), "every entry is reconciled");
            assertEquals(new HashSet<>(recorded), new HashSet<>(heard.stream().map(h -> h.entry().id()).toList()));
            assertEquals(recorded.size(), heard.size(), "each reported once");
        }
    }

    record Recorded(LedgerEntry entry, long nanos) {
    }

    /** A request that fails open, timed as the verifier measures it: the call to the simulator and the record. */
    private static Recorded failOpen(PlaytchaVerifier verifier, PlaytchaSettings settings, String token) {
        Verification v = verifier.verify(token, null, "/signup", Policy.of(settings)); // no address: no budget to run out
        assertEquals("unavailable", v.result().outcome());
        assertNotNull(v.ledgerEntry(), "recorded");
        return new Recorded(v.ledgerEntry(), v.duration().toNanos());
    }

    private long rows(String id) {
        try (Connection c = pool.getConnection(); var s = c.prepareStatement("SELECT count(*) FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
