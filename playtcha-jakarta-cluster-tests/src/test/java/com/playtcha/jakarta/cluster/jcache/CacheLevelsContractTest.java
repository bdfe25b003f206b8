package com.playtcha.jakarta.cluster.jcache;

import com.playtcha.jakarta.cluster.counts.HazelcastMembers;
import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.LevelsContract;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;

/**
 * The levels' contract on a JCache cache of two real Hazelcast members: the entry processor of
 * {@link CacheBuckets.CacheLevels}, nodes on the members in turn, the cache made as the library makes the
 * counts' ({@link CacheBuckets#expiring}, the default window). JCache has no expiry per entry: a key's
 * keeping is the cache's, what a full level takes to drain and {@link Levels#KEEP}.
 */
class CacheLevelsContractTest extends LevelsContract {

    private final HazelcastMembers members = HazelcastMembers.get();
    private final String cache = HazelcastMembers.newCache();
    private int nodes;

    @Override
    protected Levels levels() {
        return new CacheBuckets.CacheLevels(members.cache(nodes++, cache, CacheBuckets.expiring((long) WINDOW)));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected long keptMillis(long key) {
        javax.cache.Cache<Long, byte[]> view = members.cache(0, cache, CacheBuckets.expiring((long) WINDOW));
        if (!view.containsKey(key)) {
            return -1;
        }
        CompleteConfiguration<Long, byte[]> configuration = view.getConfiguration(CompleteConfiguration.class);
        ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
        javax.cache.expiry.Duration kept = policy.getExpiryForUpdate(); // once changed: every step writes the entry
        return kept.getTimeUnit().toMillis(kept.getDurationAmount());
    }

    @AfterEach
    void destroy() {
        members.destroy(cache);
    }
}
