package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that refuses the ledger's writes is a local fault, {@code ledger_unwritable}, as a full
 * journal directory is: on a real PostgreSQL ({@link TestPostgres}), the pool logs in as a role of
 * its own (not the superuser, whom no privilege binds), and the fault is the operator's mistake it
 * stands for, the role's privileges on {@code playtcha_ledger} revoked, then granted back. Immediate
 * on the pool's open connections, unlike a role setting that only new sessions read.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class UnwritableTableTest {

    private static final String JNDI = "java:comp/env/jdbc/ledger-unwritable";
    private static final String PASSWORD = "hunter2-ledger-role-password";
    private static final AtomicInteger ROLES = new AtomicInteger();

    private String admin;
    private String role;
    private String url;
    private HikariDataSource pool;

    @BeforeEach
    void database() throws SQLException {
        admin = TestPostgres.get().database();
        role = "ledger_app_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        sql("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
        sql("GRANT CREATE ON SCHEMA public TO " + role); // the store creates its tables, as on PostgreSQL 15+ it must be allowed to
        url = admin.replace("user=postgres", "user=" + role + "&password=" + PASSWORD);
        pool = TestPostgres.pool(url, 4);
        TestNaming.bind(JNDI, pool);
    }

    @AfterEach
    void close() {
        TestNaming.unbind(JNDI);
        pool.close();
    }

    @Test
    void revokedPrivileges_showAsLedgerUnwritable_requestsStillFailOpen_andGrantingBackClearsIt_andWritesTheEntry(
            PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT)
                .breakerEnabled(false).ledgerDataSource(JNDI).ledgerLease(Duration.ofSeconds(1)).build();
        sim.inject(Fault.serverError(503, "db_error"));
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            LedgerEntry before = failOpen(verifier, settings, sim.mintToken());
            assertEquals(1, rows(before.id()), "written while the role may");
            assertNull(verifier.status().localFault());

            Instant revoked = Instant.now();
            sql("REVOKE INSERT, UPDATE, DELETE ON playtcha_ledger FROM " + role);
            LedgerEntry during = failOpen(verifier, settings, sim.mintToken());

            assertNotNull(during, "the request still fails open, with its ledger id: the entry is kept in memory");
            assertEquals(0, rows(during.id()), "the database refused it");
            assertEquals(2, verifier.status().ledgerOpen());
            await(() -> verifier.status().localFault() != null, "the writer's failed insert shows in the status");
            LocalFault fault = verifier.status().localFault();
            assertNotNull(fault, "a status page and the readiness check see it");
            assertEquals(LocalFault.LEDGER_UNWRITABLE, fault.code());
            assertFalse(fault.since().isBefore(revoked.minusMillis(1)), fault.since() + " vs " + revoked);
            String message = fault.message();
            assertTrue(message.contains("playtcha.ledger.datasource " + JNDI) && message.contains("SQL state 42501")
                    && message.contains("permission denied for table playtcha_ledger"), message);
            assertFalse(message.contains(PASSWORD) || message.contains("jdbc:") || message.contains(url), message);

            sql("GRANT INSERT, UPDATE, DELETE ON playtcha_ledger TO " + role);
            await(() -> verifier.status().localFault() == null, "the next statement that works clears the fault");
            await(() -> rows(during.id()) == 1, "the entry kept in memory is written again");
            assertEquals(1, rows(before.id()));
        }
    }

    @Test
    void aFailuresCause_namesTheStateAndTheDatabasesWords_butNoCredentials() {
        SQLException denied = new SQLException("ERROR: permission denied for table playtcha_ledger\n  Where: ...", "42501");
        assertEquals("SQLException, SQL state 42501: ERROR: permission denied for table playtcha_ledger", JdbcTable.cause(denied, Redaction.PATTERNS));
        SQLException refused = new SQLException("Connection to 10.0.0.5:5432 refused.", "08001");
        assertEquals("SQLException, SQL state 08001", JdbcTable.cause(refused, Redaction.PATTERNS), "a connection's words may name the host");
        String leaky = JdbcTable.cause(new IllegalStateException(
                "pool of jdbc:postgresql://db:5432/app?user=app&password=s3cret closed, password=s3cret"), Redaction.PATTERNS);
        assertFalse(leaky.contains("s3cret") || leaky.contains("user=app"), leaky);
        assertEquals("IllegalStateException: pool of jdbc:postgresql://db:5432/app?user=****&password=****",
                leaky, "the host and database stay: they say where to look; a password's value may hold any separator, "
                        + "so unless the pool told it, the rest of its line goes");
    }

    private static LedgerEntry failOpen(PlaytchaVerifier verifier, PlaytchaSettings settings, String token) {
        Verification v = verifier.verify(token, "198.51.100.7", "/signup", Policy.of(settings));
        assertEquals("unavailable", v.result().outcome());
        assertTrue(v.proceeds() && v.decision().failedOpen(), "fail-open: " + v.decision());
        return v.ledgerEntry();
    }

    private long rows(String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin);
                var s = c.prepareStatement("SELECT count(*) FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
