package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.ledger.LedgerStoreContract;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/**
 * The ledger store contract on PostgreSQL ({@link TestPostgres}, a database per test): each store
 * opened is another node on the same table; a dead letter is the entry's row, without its token; its
 * writes fail while the pool in front of it refuses connections.
 */
class JdbcStoreContractTest extends LedgerStoreContract {

    private static final String NAME = "java:comp/env/jdbc/ledger-contract";

    private HikariDataSource pool;
    private ControlledDataSource front;
    private volatile boolean broken;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        front = new ControlledDataSource(pool);
    }

    @Override
    protected void closeBacking() {
        pool.close();
    }

    @Override
    protected LedgerStore open() {
        PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_contract").ledgerDataSource(NAME).build().ledger();
        TableStore store = JdbcStore.open(front, NAME, settings, VerifierClock.SYSTEM, "playtcha-ledger");
        if (broken) {
            front.fail("the database refuses the ledger (test)");
        }
        return store;
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected String deadLetter(String id) throws SQLException {
        try (Connection c = pool.getConnection();
                var s = c.prepareStatement("SELECT state, outcome, token FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? "state=" + r.getString(1) + " outcome=" + r.getString(2) + " token=" + r.getString(3) : null;
            }
        }
    }

    @Override
    protected boolean breakWrites() {
        broken = true;
        return true;
    }

    @Override
    protected void repairWrites() {
        broken = false;
        front.work();
    }
}
