package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In a CDI application the name in {@code playtcha.ledger.datasource} may be that of the
 * application's own {@code @Named} {@code DataSource} bean, when JNDI has nothing under it.
 */
@EnableWeld
class CdiDataSourceTest {

    static final String NAME = "playtcha-ledger-cdi-test";
    static HikariDataSource pool;

    @ApplicationScoped
    static class Producer {
        @Produces
        @Named(NAME)
        DataSource ledger() {
            return pool;
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(Producer.class).build();

    @BeforeAll
    static void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 2);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aNamedDataSourceBean_isFoundByItsName_andHoldsTheLedger() throws Exception {
        assertSame(pool, DataSourceLookup.find(NAME, Resources.NONE));

        PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test").ledgerDataSource(NAME).build().ledger();
        JdbcStore.open(settings, VerifierClock.SYSTEM, "playtcha-ledger", Resources.NONE).close(Duration.ZERO);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT max(version) FROM playtcha_ledger_schema")) {
            r.next();
            assertEquals(LedgerSchema.VERSION, r.getInt(1), "the bean's database got the ledger's tables");
        }
    }

    @Test
    void anotherName_isNeitherInJndiNorABean() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> DataSourceLookup.find("other", Resources.NONE));
        assertTrue(e.getMessage().contains("no CDI bean @Named(\"other\")"), e.getMessage());
    }

    @Test
    void theFrameworksOwnResource_isAskedFirst() {
        DataSource own = pool;
        assertSame(own, DataSourceLookup.find("other", name -> "other".equals(name) ? own : null),
                "a name the framework knows (a Spring bean) needs neither JNDI nor CDI");
    }

    @Test
    void aFrameworkResourceThatIsNoDataSource_isNamedInTheError() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DataSourceLookup.find("other", name -> "a string bean"));
        assertTrue(e.getMessage().contains("playtcha.ledger.datasource") && e.getMessage().contains("java.lang.String"),
                e.getMessage());
    }
}
