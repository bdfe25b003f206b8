package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.budget.LoginFailuresContract;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on one real PostgreSQL, each node on a pool of its own as a server has; one database for
 * the class, its tables emptied after each test.
 */
class DatabaseLoginFailuresContractTest extends LoginFailuresContract {

    private static final String NAME = "java:comp/env/jdbc/logins";
    private static ContractDatabase database;

    private final List<LoginFailures> nodes = new ArrayList<>();

    @BeforeAll
    static void open() {
        database = new ContractDatabase();
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: on a busy machine nothing here is to time out
        LoginFailures node = DatabaseCounts.loginFailures(settings, limits, LocalCounts.loginFailures(limits, clock),
                database.pool(nodes.size()), OwnStart.of(NAME), clock, "playtcha-verifier-contract-" + nodes.size());
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(LoginFailures::close);
        database.empty("playtcha_login_count", "playtcha_login_failure");
    }
}
