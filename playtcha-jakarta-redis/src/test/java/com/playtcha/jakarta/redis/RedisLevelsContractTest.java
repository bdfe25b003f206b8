package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.LevelsContract;
import com.playtcha.jakarta.core.PlaytchaSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The levels' contract on a real {@code redis-server}: the script {@code levels.lua} as {@link RedisLevels} runs it, every
 * node on the JVM's one connection to the server (as nodes of one JVM share it); a key's keeping read as its TTL ({@code PTTL}).
 */
class RedisLevelsContractTest extends LevelsContract {

    private static RedisServer server;
    private final List<RedisLink> links = new ArrayList<>();

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
    protected Levels levels() {
        RedisLink link = RedisLink.acquire(server.redis(0), PlaytchaSettings.MAX_CLUSTER_TIMEOUT); // on a busy machine, nothing to time out
        links.add(link);
        return new RedisLevels(link);
    }

    @Override
    protected long keptMillis(long key) {
        long ttl = Long.parseLong(server.send("PTTL " + RedisLevels.PREFIX + Long.toHexString(key)).substring(1)); // ":<ms>"
        return ttl < 0 ? -1 : ttl;
    }

    @AfterEach
    void release() {
        links.forEach(RedisLink::release);
        server.send("FLUSHDB");
    }
}
