package com.playtcha.jakarta.redis;

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

/** The budgets' contract (the one PostgreSQL and JCache pass) on a real {@code redis-server}, each node with its own link's user. */
class RedisBudgetsContractTest extends BudgetsContract {

    private static RedisServer server;

    private final List<Budgets> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Budgets node(PlaytchaSettings settings) {
        RedisLink link = RedisLink.acquire(server.redis(0), PlaytchaSettings.MAX_CLUSTER_TIMEOUT);
        Budgets node = RedisBackend.budgets(link, settings, LocalCounts.budgets(settings.clientBudget(), clock), clock,
                "playtcha-verifier-contract-" + nodes.size());
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
        server.send("FLUSHDB");
    }
}
