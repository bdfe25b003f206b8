package com.playtcha.jakarta.spring.security.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The login counts are the cluster's: failures on one node ask for a token on the other, and guesses
 * sent at once to both reach the user store no more often than the account's limit. Each case its own account.
 */
@WithSimulator
class TwoInstancesOnOneDatabaseTest {

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

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
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

    @Test
    void failuresOnOneNode_askForATokenOnTheOther() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = new Browser(port(a)).formLogin("/login", "bob", "wrong" + i, null);
            assertEquals("false", failed.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), "failure " + i);
        }

        Browser other = new Browser(port(b));
        HttpResponse<String> tokenless = other.formLogin("/login", "bob", "secret", null);
        assertTrue(tokenless.headers().firstValue("Location").orElseThrow().endsWith("/login-page?error"), tokenless::toString);
        assertEquals("true", tokenless.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        assertEquals(3, LoginTestApplication.LOOKUPS.get(), "node b knew of node a's failures before its user store was asked");

        other.formLogin("/login", "bob", "secret", PLAYTCHA.mintToken());
        assertEquals("caller=bob", other.page("/whoami").body(), "never a lockout: with a token the password is checked");
    }

    @Test
    void guessesSentAtOnceToBothNodes_noMoreThanTheAccountsLimitReachTheUserStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                ConfigurableApplicationContext node = n % 2 == 0 ? a : b;
                guesses.add(() -> new Browser(port(node)).formLogin("/login", "gina", "guess" + n, null));
            }
            for (Future<HttpResponse<String>> guess : pool.invokeAll(guesses)) {
                assertEquals(302, guess.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, LoginTestApplication.LOOKUPS.get(), "the account's limit across the cluster, whatever arrived at once");
    }
}
