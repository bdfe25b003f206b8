package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalLoginFailures;
import com.playtcha.jakarta.internal.budget.LoginFailures;
import com.playtcha.jakarta.internal.budget.LoginFailuresContract;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The contract on one real PostgreSQL, a database of its own per test, each node with a pool of its own as a server has. */
class DatabaseLoginFailuresContractTest extends LoginFailuresContract {

    private static final String NAME = "java:comp/env/jdbc/logins";

    /** This test's database, made at its first node. */
    private String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<LoginFailures> nodes = new ArrayList<>();

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        if (url == null) {
            url = TestPostgres.get().database();
        }
        HikariDataSource pool = TestPostgres.pool(url, 4);
        pools.add(pool);
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_logins").ledgerDataSource(NAME)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: on a busy machine nothing here is to time out
        LoginFailures node = SharedLoginFailures.onDatabase(settings, limits, new LocalLoginFailures(limits, clock::nanoTime), pool, NAME,
                clock, "playtcha-verifier-contract");
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(LoginFailures::close);
        pools.forEach(HikariDataSource::close);
    }
}
