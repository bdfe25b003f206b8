package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The two reactive nodes of {@link TwoNodesOnOneStore} on one PostgreSQL: each has a pool of its own on the one database,
 * the application's bean {@code ledgerDb}, which {@code playtcha.ledger.datasource} names (no JNDI); the login counts
 * are asked through JDBC, which blocks, on the guard's counts threads.
 */
class TwoNodesOnOneDatabaseTest extends TwoNodesOnOneStore {

    private String database;
    /** Each node's pool, closed after the nodes. */
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @Override
    void startStore() {
        database = TestPostgres.get().database();
    }

    @Override
    SpringApplicationBuilder onTheStore(SpringApplicationBuilder node) {
        HikariDataSource pool = TestPostgres.pool(database, 8);
        pools.add(pool);
        return node.initializers(context -> ((GenericApplicationContext) context).registerBean("ledgerDb", DataSource.class, () -> pool))
                .properties("playtcha.ledger.datasource=ledgerDb");
    }

    @Override
    void stopStore() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void theBeanNamedBySetting_holdsTheLedgerAndTheCounts() throws Exception {
        try (HikariDataSource own = TestPostgres.pool(database, 1); Connection c = own.getConnection(); Statement s = c.createStatement();
                ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename IN "
                        + "('playtcha_ledger', 'playtcha_login_failure')")) {
            tables.next();
            assertEquals(2, tables.getInt(1), "both nodes' ledger and login counts are on the bean's database");
        }
    }
}
