package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database of this JVM's PostgreSQL for one contract test class, and a pool per node (three, as the
 * contracts' clusters have): a database and pools per test took most of each test's time (1 to 3 s a test at a
 * load average of 30, 0.1 to 0.6 s without them).
 */
final class ContractDatabase implements AutoCloseable {

    private static final int NODES = 3;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** The tests' own, for {@link #empty}: the clean-up takes no connection from a pool a node just gave back. */
    private final HikariDataSource own;

    ContractDatabase() {
        String url = TestPostgres.get().database();
        for (int i = 0; i < NODES; i++) {
            pools.add(TestPostgres.pool(url, 4));
        }
        own = TestPostgres.pool(url, 1);
    }

    /** The pool of node {@code i}. */
    DataSource pool(int i) {
        return pools.get(i % NODES);
    }

    /** After the test's nodes closed: empties these tables (those not made yet are empty). */
    void empty(String... tables) {
        try (Connection c = own.getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF to_regclass('" + tables[0] + "') IS NOT NULL THEN TRUNCATE " + String.join(", ", tables)
                    + "; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        own.close();
    }
}
