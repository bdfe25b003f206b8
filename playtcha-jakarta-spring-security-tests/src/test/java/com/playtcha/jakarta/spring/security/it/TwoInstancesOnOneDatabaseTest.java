package com.playtcha.jakarta.spring.security.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.TwoNodesContract;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Two instances of the same Spring Security application, as two nodes behind a load balancer, on one
 * PostgreSQL: {@code playtcha.ledger.datasource} names the application's {@code DataSource} bean, no JNDI.
 * The login counts are the cluster's, as {@link TwoNodesContract} says.
 */
class TwoInstancesOnOneDatabaseTest extends TwoNodesContract {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();
    private static HikariDataSource database;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoNodes() {
        database = TestPostgres.pool(TestPostgres.get().database(), 8);
        a = node();
        b = node();
    }

    /**
     * One instance: the application's own bean {@code ledgerDb} (as it would declare a second DataSource), nothing of JNDI.
     * {@code cluster.timeout} at its longest: this test is about what the nodes share, not how fast; at the default 250 ms a
     * login waits 125 ms for the counts, which a loaded machine misses, and a missed wait asks for a token (cluster.md).
     */
    private static ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(LoginTestApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("ledgerDb", DataSource.class, () -> database))
                .properties("server.port=0", "playtcha.api-url=" + PLAYTCHA.url(), "playtcha.secret=" + PLAYTCHA.secret(),
                        "playtcha.login.require=after-failures", "playtcha.ledger.datasource=ledgerDb",
                        "playtcha.cluster.timeout=" + PlaytchaSettings.MAX_CLUSTER_TIMEOUT.toMillis() + "ms")
                .run();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Browser browser(int node) {
        return new Browser(Integer.parseInt((node == 0 ? a : b).getEnvironment().getRequiredProperty("local.server.port")));
    }

    @Override
    protected int lookups() {
        return LoginTestApplication.LOOKUPS.get();
    }

    @Override
    protected String refusedTo() {
        return "/login-page?error";
    }

    @Override
    protected String landsOn() {
        return "/whoami";
    }

    @BeforeEach
    void reset() {
        LoginTestApplication.LOOKUPS.set(0);
    }

    @Test
    void theBeanNamedBySetting_holdsTheLedgerAndTheCounts() throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename IN "
                        + "('playtcha_ledger', 'playtcha_login_failure')")) {
            tables.next();
            assertEquals(2, tables.getInt(1), "both nodes' ledger and login counts are on the bean's database");
        }
    }
}
