package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Round trips as the cluster part counts them, under a real pool on the embedded PostgreSQL: each
 * statement, batch, commit and rollback once, whatever the pool wraps around it, and a connection the
 * pool lends again costs nothing while it is fresh.
 */
class CountingDataSourceTest {

    @Test
    void statementsCommitsAndRollbacks_countOnceEach() throws Exception {
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(TestPostgres.get().database());
        CountingDataSource counted = new CountingDataSource(driver);
        HikariConfig config = new HikariConfig();
        config.setDataSource(counted);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INT PRIMARY KEY)");
            }
            long before = counted.roundTrips();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                    insert.setInt(1, 1);
                    insert.executeUpdate();
                    insert.setInt(1, 2);
                    insert.addBatch();
                    insert.setInt(1, 3);
                    insert.addBatch();
                    insert.executeBatch();
                }
                c.commit();
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    assertEquals(3, rows.getInt(1));
                }
                c.rollback();
            }

            assertEquals(5, counted.roundTrips() - before, "insert, batch, commit, select, rollback");
            assertEquals(1, counted.connectionsOpened(), "the pool's one connection, lent twice");
        }
    }
}
