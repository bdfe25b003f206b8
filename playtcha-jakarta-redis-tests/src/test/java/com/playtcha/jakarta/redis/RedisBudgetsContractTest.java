package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.BudgetsContract;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The budgets' contract (the one PostgreSQL and JCache pass) on a real {@code redis-server}, each node with its own link's user. */
class RedisBudgetsContractTest extends BudgetsContract {

    @RegisterExtension
    static final RedisStore REDIS = new RedisStore();

    private final List<Budgets> nodes = new ArrayList<>();

    @Override
    protected Budgets node(PlaytchaSettings settings) {
        Budgets node = RedisBackend.budgets(REDIS.link(), settings, LocalCounts.budgets(settings.clientBudget(), clock), clock,
                "playtcha-verifier-contract-" + nodes.size());
        nodes.add(node);
        return REDIS.closedAfterTest(node, Budgets::close);
    }

    @Override
    protected long allowance(PlaytchaSettings settings) {
        return SharedBudgets.unsynchronized(settings.clientBudget());
    }
}
