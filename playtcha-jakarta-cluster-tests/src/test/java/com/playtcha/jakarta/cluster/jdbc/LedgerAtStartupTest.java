package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code playtcha.ledger.datasource} naming a CDI {@code DataSource} bean, the library's CDI
 * producer builds the verifier when the container has started (CDI's {@code Startup} event, which
 * Weld fires too), not at its first use: the ledger's tables are in that database before anything
 * asks for the verifier. (Quarkus's side of it: examples/quarkus-app's ClusterLedgerTest.)
 */
class LedgerAtStartupTest {

    static final String NAME = "playtcha-ledger-startup-test";
    static HikariDataSource pool;

    @ApplicationScoped
    static class Producer {
        @Produces
        @Named(NAME)
        DataSource ledger() {
            return pool;
        }
    }

    @BeforeAll
    static void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 2);
        System.setProperty("playtcha.secret", "sk_test_ledger_at_startup");
        System.setProperty("playtcha.ledger.datasource", NAME);
    }

    @AfterAll
    static void close() {
        System.clearProperty("playtcha.secret");
        System.clearProperty("playtcha.ledger.datasource");
        pool.close();
    }

    @Test
    void theVerifierIsBuiltAtStart_itsLedgerTablesExistBeforeAnyUse() throws SQLException {
        try (WeldContainer container = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class, Producer.class).initialize()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT to_regclass('playtcha_ledger') IS NOT NULL")) {
                r.next();
                assertTrue(r.getBoolean(1), "no playtcha_ledger table after the container started");
            }
        }
    }
}
