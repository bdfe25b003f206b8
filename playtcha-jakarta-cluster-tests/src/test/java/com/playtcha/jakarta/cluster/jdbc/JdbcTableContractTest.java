package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.cluster.ledger.SharedStoreContract;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared store's contract on PostgreSQL ({@link TestPostgres}, one database for the class, its
 * table emptied before each test): each node a {@link JdbcTable} on one pool; time passes for the
 * leases by moving the rows' times back, since PostgreSQL dates them with its own {@code now()}.
 */
class JdbcTableContractTest extends SharedStoreContract {

    private static final String NAME = "java:comp/env/jdbc/shared-contract";

    private static HikariDataSource pool;

    @BeforeAll
    static void database() throws Exception {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        try (Connection c = pool.getConnection()) {
            LedgerSchema.ensure(c, true, NAME);
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM playtcha_ledger")) {
            s.executeUpdate();
        }
    }

    @Override
    protected LedgerTable table() {
        return new JdbcTable(pool, NAME, Redaction.of(pool), clock);
    }

    @Override
    protected void age(Duration by) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE playtcha_ledger SET "
                + "claimed_at = claimed_at - ? * INTERVAL '1 millisecond', done_at = done_at - ? * INTERVAL '1 millisecond'")) {
            s.setLong(1, by.toMillis());
            s.setLong(2, by.toMillis());
            s.executeUpdate();
        }
    }
}
