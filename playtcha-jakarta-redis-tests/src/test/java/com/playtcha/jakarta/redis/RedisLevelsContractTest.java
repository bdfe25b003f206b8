package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.LevelsContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The levels' contract on a real {@code redis-server}: the script {@code levels.lua} as {@link RedisLevels} runs it, every
 * node on the JVM's one connection to the server (as nodes of one JVM share it); a key's keeping read as its TTL ({@code PTTL}).
 */
class RedisLevelsContractTest extends LevelsContract {

    @RegisterExtension
    static final RedisStore REDIS = new RedisStore();

    @Override
    protected Levels levels() {
        return new RedisLevels(REDIS.link().calls());
    }

    @Override
    protected long keptMillis(long key) {
        long ttl = Long.parseLong(REDIS.server().send("PTTL " + RedisKeys.LOGIN + Long.toHexString(key)).substring(1)); // ":<ms>"
        return ttl < 0 ? -1 : ttl;
    }
}
