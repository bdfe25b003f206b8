package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.BudgetsContract;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The contract on a JCache cache of two real Hazelcast members, a cache of its own per test, nodes on the members in turn. */
class CacheBudgetsContractTest extends BudgetsContract {

    private final HazelcastMembers members = HazelcastMembers.get();
    private final String cache = HazelcastMembers.newCache();
    private final List<Budgets> nodes = new ArrayList<>();

    @Override
    protected Budgets node(PlaytchaSettings settings) {
        Budgets node = CacheBuckets.on(settings, LocalCounts.budgets(settings.clientBudget(), clock), members.cache(nodes.size(), cache),
                clock, "playtcha-verifier-contract-" + nodes.size());
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
        members.destroy(cache);
    }
}
