package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review of issue 39: the shared counts while their database is away, over the core's real local counts
 * (LocalLoginFailures, what LoginFailures.of hands the cluster module). While away, {@code admit} counts
 * the attempt on the local counts as it goes, and {@code admitted} then counts a refusal there again
 * ({@code local.failed}) and a success only clears the account ({@code local.succeeded}), never giving the
 * client's advance count back. So during an outage a user is asked for a token after two typos, not three,
 * and every successful login leaves one failure on its address. (Since issue 49 a success gives back what its
 * admission counted, and clears nothing.)
 *
 * <p>On a clock the test moves (the shared counts', Bucket4j's and the local counts'), so nothing drains
 * or is probed again while a test runs.
 */
class SharedLoginFailuresReviewTest {

    private static final String NAME = "java:comp/env/jdbc/logins";
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 100);

    private final ManualClock clock = new ManualClock();
    private HikariDataSource pool;
    private SharedLoginFailures node;

    @BeforeEach
    void awayDatabase() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        ControlledDataSource db = new ControlledDataSource(pool);
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // a busy machine: only the failing database is away
        node = DatabaseCounts.loginFailures(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), db, OwnStart.of(NAME),
                clock, "playtcha-verifier-review");
        db.fail("FATAL: the database system is shutting down", "57P03");
        node.needsToken(null, "192.0.2.99"); // the store does not answer: the node counts on its own
        assertNotNull(node.away());
    }

    @AfterEach
    void close() {
        node.close();
        pool.close();
    }

    @Test
    void whileAway_twoTypos_thenTheThirdAttemptGoesOnWithoutAToken() {
        byte[] alice = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
        for (int typo = 1; typo <= 2; typo++) {
            assertTrue(node.admit(alice, "203.0.113.5"), "attempt " + typo);
            node.admitted(alice, "203.0.113.5", false);
        }

        assertTrue(node.admit(alice, "203.0.113.5"), "two failures of three: the third attempt needs no token");
    }

    @Test
    void whileAway_elevenSuccessfulLoginsFromOneAddress_needNoToken() {
        for (int i = 1; i <= 11; i++) {
            byte[] user = ("a keyed hash of user " + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(node.admit(user, "203.0.113.6"), "successful login " + i + ", no failure anywhere");
            node.admitted(user, "203.0.113.6", true);
        }
    }
}
