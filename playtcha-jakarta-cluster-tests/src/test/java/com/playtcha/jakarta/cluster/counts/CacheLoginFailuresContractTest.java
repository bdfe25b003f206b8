package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.budget.LoginFailuresContract;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The contract on a JCache cache of two real Hazelcast members, a cache of its own per test, nodes on the members in turn. */
class CacheLoginFailuresContractTest extends LoginFailuresContract {

    private final HazelcastMembers members = HazelcastMembers.get();
    private final String cache = HazelcastMembers.newCache();
    private final List<LoginFailures> nodes = new ArrayList<>();

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_cache").clientBudgetCache("playtcha-budgets")
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: on a busy machine nothing here is to time out
        LoginFailures node = CacheBuckets.loginFailuresOn(settings, limits, LocalCounts.loginFailures(limits, clock),
                members.cache(nodes.size(), cache), clock, "playtcha-verifier-contract-" + nodes.size());
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(LoginFailures::close);
        members.destroy(cache);
    }
}
