package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.Budgets;
import com.playtcha.jakarta.internal.budget.BudgetsContract;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The contract on one real PostgreSQL, a database of its own per test, each node with a pool of its own as a server has. */
class DatabaseBudgetsContractTest extends BudgetsContract {

    private static final String NAME = "java:comp/env/jdbc/budgets";

    /** This test's database, made at its first node. */
    private String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Budgets> nodes = new ArrayList<>();

    @Override
    protected Budgets node(PlaytchaSettings settings) {
        if (url == null) {
            url = TestPostgres.get().database();
        }
        HikariDataSource pool = TestPostgres.pool(url, 4);
        pools.add(pool);
        Budgets node = SharedBudgets.onDatabase(settings, ClientBudgets.of(settings.clientBudget(), clock::nanoTime), pool, NAME, clock,
                "playtcha-verifier-contract");
        nodes.add(node);
        return node;
    }

    @Override
    protected long allowance(PlaytchaSettings settings) {
        return SharedBudgets.unsynchronized(settings.clientBudget());
    }

    @AfterEach
    void close() {
        nodes.forEach(Budgets::close);
        pools.forEach(HikariDataSource::close);
    }
}
