package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node whose database answers its tables' check but not the counts' first call (another transaction holds
 * the counts' table): its start waits for that call {@code playtcha.cluster.start-timeout}, not a multiple of
 * {@code playtcha.cluster.timeout}, and the node starts "slow" (a login needs a token), on the shared counts.
 * On 1cde289e the start waited until the connection's network timeout cut the call, twice the 10 s of
 * {@code cluster.timeout} (its own bound was 40 times that, capped at a minute).
 */
class DatabaseStartTest {

    private static final String NAME = "java:comp/env/jdbc/logins";
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);
    private static final Duration START = Duration.ofSeconds(2);

    private final ManualClock clock = new ManualClock();

    private LoginFailures node(HikariDataSource pool, boolean createSchema) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME).ledgerCreateSchema(createSchema)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).clusterStartTimeout(START).build();
        return DatabaseCounts.loginFailures(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), pool, OwnStart.of(NAME), clock,
                "playtcha-verifier-start-" + createSchema);
    }

    @Test
    void aFirstCallWithNoAnswer_holdsTheStartItsBound_andTheNodeStartsSlow_onTheSharedCounts() throws Exception {
        String url = TestPostgres.get().database();
        try (HikariDataSource first = TestPostgres.pool(url, 2); HikariDataSource second = TestPostgres.pool(url, 2);
                HikariDataSource holding = TestPostgres.pool(url, 1); Connection holder = holding.getConnection()) {
            node(first, true).close(); // the tables, as the cluster's first node made them
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE playtcha_login_count IN ACCESS EXCLUSIVE MODE"); // the tables' check reads the catalog alone
            }
            long started = System.nanoTime();
            LoginFailures node = node(second, false);
            long took = System.nanoTime() - started;
            try {
                assertTrue(took < START.plus(TestSettings.SLACK).toNanos(), "the start waited its bound: " + took / 1_000_000 + " ms");
                assertNull(node.away(), "a store that does not answer in time is slow, not away");
                assertTrue(node.needsToken("a keyed hash of alice".getBytes(StandardCharsets.UTF_8), "203.0.113.7"),
                        "slow: the page asks for a token");
            } finally {
                holder.rollback();
                node.close();
            }
        }
    }
}
