package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.BudgetsContract;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on one real PostgreSQL, each node on a pool of its own as a server has; one database for
 * the class, its table emptied after each test.
 */
class DatabaseBudgetsContractTest extends BudgetsContract {

    private static final String NAME = "java:comp/env/jdbc/budgets";
    private static ContractDatabase database;

    private final List<Budgets> nodes = new ArrayList<>();

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
    protected Budgets node(PlaytchaSettings settings) {
        Budgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock),
                database.pool(nodes.size()), NAME, clock, "playtcha-verifier-contract-" + nodes.size());
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
        database.empty("playtcha_client_budget");
    }
}
