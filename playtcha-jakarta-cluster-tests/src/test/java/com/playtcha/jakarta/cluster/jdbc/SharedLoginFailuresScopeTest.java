package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.LoginFailures.Limits;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts of several applications on one PostgreSQL ({@link LoginFailures#within}, one per Keycloak realm): two
 * nodes, each with a pool of its own, see each scope's counts at once, and no scope sees another's, nor the counts the
 * scopes were made from: not an account's, not a client's, not the application's rate.
 */
class SharedLoginFailuresScopeTest {

    private static final String NAME = "keycloak";
    private static final Limits LIMITS = new Limits(3, 10, Duration.ofMinutes(15), 20);

    private final ManualClock clock = new ManualClock();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<LoginFailures> closing = new ArrayList<>();
    private String url;

    @BeforeEach
    void database() {
        url = TestPostgres.get().database();
    }

    @AfterEach
    void close() {
        closing.forEach(LoginFailures::close);
        pools.forEach(HikariDataSource::close);
    }

    private SharedLoginFailures node() {
        HikariDataSource pool = TestPostgres.pool(url, 4);
        pools.add(pool);
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_scopes").ledgerDataSource(NAME)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build();
        SharedLoginFailures node = DatabaseCounts.loginFailures(settings, LIMITS, LocalCounts.loginFailures(LIMITS, clock), pool,
                OwnStart.of(NAME), clock, "playtcha-verifier-test");
        closing.add(0, node); // the scopes first, then the store under them
        return node;
    }

    private LoginFailures scope(SharedLoginFailures node, String scope) {
        LoginFailures counts = node.within(scope);
        closing.add(0, counts);
        return counts;
    }

    private static byte[] account(String name) {
        return ("keyed hash of " + name).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAccountsFailures_countInItsScope_onEveryNode_andNowhereElse() {
        SharedLoginFailures a = node();
        SharedLoginFailures b = node();
        LoginFailures realmOnA = scope(a, "realm-1");
        LoginFailures realmOnB = scope(b, "realm-1");
        LoginFailures otherRealmOnB = scope(b, "realm-2");
        byte[] carol = account("carol");
        for (int i = 0; i < 3; i++) {
            assertTrue(realmOnA.admit(carol, "198.51.100." + i), "failure " + i + " goes on");
            realmOnA.admitted(carol, "198.51.100." + i, false);
        }
        assertAll(() -> assertTrue(realmOnB.needsToken(carol, "203.0.113.9"), "the other node sees the realm's three at once"),
                () -> assertFalse(realmOnB.admit(carol, "203.0.113.9"), "and admits no fourth without a token"),
                () -> assertFalse(otherRealmOnB.needsToken(carol, "203.0.113.9"), "another realm's carol:"
                        + " the same hash, not counted"),
                () -> assertFalse(b.needsToken(carol, "203.0.113.9"), "the counts the scopes were made from: not counted"));
    }

    @Test
    void aClientsFailures_andTheApplicationsRate_stayInTheirScope() {
        SharedLoginFailures a = node();
        SharedLoginFailures b = node();
        LoginFailures realmOnA = scope(a, "realm-1");
        LoginFailures otherRealmOnB = scope(b, "realm-2");
        for (int i = 0; i < 10; i++) {
            assertTrue(realmOnA.admit(account("user" + i), "192.0.2.7"));
            realmOnA.admitted(account("user" + i), "192.0.2.7", false);
        }
        LoginFailures realmOnB = scope(b, "realm-1");
        assertAll(() -> assertTrue(realmOnB.needsToken(account("someone"), "192.0.2.7"), "the client's ten, on the other node"),
                () -> assertFalse(otherRealmOnB.needsToken(account("someone"), "192.0.2.7"), "another realm: a new client there"));
        for (int i = 0; i < 25; i++) { // the rate's 20 a minute, from clients and accounts of their own
            realmOnA.failed(account("spray" + i), "10.0.0." + i);
        }
        assertAll(() -> assertTrue(realmOnA.needsToken(account("fresh"), "10.1.0.1"), "the realm is under attack"),
                () -> assertFalse(otherRealmOnB.needsToken(account("fresh"), "10.1.0.1"), "another realm is not"),
                () -> assertFalse(a.needsToken(account("fresh"), "10.1.0.1"), "nor the counts the scopes were made from"));
    }

    @Test
    void scopesDoNotNest_andAreNamed() {
        SharedLoginFailures a = node();
        LoginFailures realm = scope(a, "realm-1");
        assertThrows(UnsupportedOperationException.class, () -> realm.within("inner"));
        assertThrows(IllegalArgumentException.class, () -> a.within(""));
    }
}
