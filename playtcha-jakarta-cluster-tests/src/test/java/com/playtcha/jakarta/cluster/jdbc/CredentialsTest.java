package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool that quotes its connect URL, password and all, as Tomcat's DBCP 2 does when it cannot create
 * its driver: the password reaches none of the three places the database's words go (the start-up
 * exception, the WARNING, the status), and the host and database still do.
 */
class CredentialsTest {

    private static final String NAME = "java:comp/env/jdbc/app";
    private static final String DBCP = "Cannot create JDBC driver of class 'org.postgresql.Driver' for connect URL "
            + "'jdbc:postgresql://127.0.0.1:5432/app?user=app&password=hunter2'";
    private static final Logger ROWS_LOG = Logger.getLogger(JdbcTable.class.getName());

    private HikariDataSource pool;
    private ControlledDataSource db;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 2);
        db = new ControlledDataSource(pool);
        ROWS_LOG.addHandler(capture);
    }

    @AfterEach
    void close() {
        ROWS_LOG.removeHandler(capture);
        pool.close();
    }

    private static PlaytchaSettings.Ledger settings() {
        return PlaytchaSettings.builder("sk_test_credentials").ledgerDataSource(NAME).build().ledger();
    }

    @Test
    void startUp_namesTheHostAndDatabase_notTheUserNorPassword() {
        db.fail(DBCP);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> JdbcStore.open(db, NAME, settings(), VerifierClock.SYSTEM, "playtcha-ledger"));
        String message = e.getMessage();
        assertTrue(message.contains("jdbc:postgresql://127.0.0.1:5432/app?user=****&password=****"), message);
        assertFalse(message.contains("hunter2") || message.contains("user=app"), message);
    }

    @Test
    void aFailedWrite_warnsAndShowsTheHostAndDatabase_notTheUserNorPassword() throws Exception {
        TableStore store = JdbcStore.open(db, NAME, settings(), VerifierClock.SYSTEM, "playtcha-ledger");
        FailOpenLedger ledger = ManualLedgers.over(store, 10, token -> null, new ManualClock());
        try {
            db.fail(DBCP);
            ledger.record("token-during-the-fault", "/signup", "198.51.100.7", "timeout").entry();
            await(() -> ledger.storeUnwritable() != null, "the failed write shows in the status");
            await(() -> logged.stream().anyMatch(l -> l.startsWith("WARNING")), "and is logged");

            LedgerStore.Unwritable status = ledger.storeUnwritable();
            assertTrue(status.message().contains("127.0.0.1:5432/app"), status.message());
            assertFalse(status.message().contains("hunter2") || status.message().contains("user=app"), status.message());
            List<String> warnings = logged.stream().filter(l -> l.startsWith("WARNING")).toList();
            assertEquals(1, warnings.size(), String.valueOf(logged));
            assertTrue(warnings.get(0).contains("jdbc:postgresql://127.0.0.1:5432/app?user=****&password=****"), warnings.get(0));
            assertFalse(warnings.get(0).contains("hunter2") || warnings.get(0).contains("user=app"), warnings.get(0));
        } finally {
            db.work();
            ledger.close();
        }
    }
}
